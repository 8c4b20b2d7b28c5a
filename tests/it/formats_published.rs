//! Strategies as regions really publish them (`tests/fixtures/formats/published/`, made by
//! `make_fixtures.py published`): PDFs with a title page, a table of contents, running headers
//! and footers, page numbers at the top or bottom, ligatures, soft hyphens, Wingdings bullets, two
//! columns and a table, written encrypted (empty user password), with object streams, linearised
//! or with a second revision appended; web pages with a consent dialog first in the body, menus,
//! breadcrumbs, hidden and template content, soft hyphens, in windows-1252, ISO-8859-1 or UTF-16,
//! and one saved as a complete web page with its `_files` folder and as a single file (MHTML).
//! Each must give the priorities, issuer and themes of its text version and nothing of its
//! furniture; what cannot be read (a password, a scan, a web page named .pdf) is refused with the
//! file's name and the reason. PDFs that draw their text out of reading order (columns across
//! the page line by line, a side box or the headings out of place, a cover ending in a subtitle)
//! give the text's strategy and its statements whole.

use crate::common::{Env, fixture};

const PDFS: [&str; 13] = [
    "plain",
    "toc",
    "ligatures",
    "soft-hyphens",
    "two-columns",
    "wingdings-bullets",
    "page-number-top",
    "everything",
    "aes256",
    "rc4",
    "object-streams",
    "linearised",
    "revised",
];

const PAGES: [&str; 3] = ["windows-1252", "iso-8859-1", "utf-16"];

const SAVED: &str = "Regional Innovation Strategy – Harbourcoast Regional Council.html";

const SINGLE_FILE: &str = "harbourcoast-single-file.mhtml";

fn published(name: &str) -> std::path::PathBuf {
    fixture(&format!("formats/published/{name}"))
}

/// One store with the English text and its PDFs (`harbourcoast-…`), the Swedish text and its
/// pages (`norrsjo-…`), and the folder of the saved English page.
fn env() -> Env {
    let env = Env::new();
    let docs = env.path("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let copy = |from: &str, to: &str| std::fs::copy(published(from), docs.join(to)).unwrap();
    copy(
        "harbourcoast-innovation-strategy.txt",
        "harbourcoast-txt.txt",
    );
    for variant in PDFS {
        copy(
            &format!("harbourcoast-{variant}.pdf"),
            &format!("harbourcoast-{variant}.pdf"),
        );
    }
    copy(SINGLE_FILE, SINGLE_FILE);
    copy("norrsjo-innovationsstrategi.sv.txt", "norrsjo-txt.txt");
    for charset in PAGES {
        copy(
            &format!("norrsjo-{charset}.sv.html"),
            &format!("norrsjo-{charset}.html"),
        );
    }
    env.ok(&[
        "build",
        docs.to_str().unwrap(),
        published("saved-page").to_str().unwrap(),
    ]);
    env
}

/// The graph of the document built from the file of this name (ids fold some names).
fn graph(env: &Env, file: &str) -> String {
    let rows = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT DISTINCT ?id WHERE {{ ?d pg:sourcePath ?path FILTER(STRENDS(?path, \"/{file}\"))
               BIND(REPLACE(STR(?d), '^.*/', '') AS ?id) }}"
        ),
    ]);
    assert_eq!(rows.len(), 2, "{file}: {rows:?}");
    format!("<https://w3id.org/partnergraph/graph/{}>", rows[1][0])
}

/// What a user reads off one document's graph (CSV rows, header first).
#[derive(Debug, PartialEq)]
struct Strategy {
    /// The label and themes of each priority, in order.
    priorities: Vec<Vec<String>>,
    /// The themes the text mentions.
    mentions: Vec<Vec<String>>,
    issuer: Vec<Vec<String>>,
}

fn strategy(env: &Env, file: &str) -> Strategy {
    let graph = graph(env, file);
    let priorities = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?label (GROUP_CONCAT(?t; separator=' ') AS ?themes) WHERE {{ GRAPH {graph} {{
               ?s pg:hasPriority ?p . ?p skos:prefLabel ?label ; pg:order ?o .
               OPTIONAL {{ ?p pg:aboutTheme ?theme BIND(STR(?theme) AS ?t) }} }} }} GROUP BY ?label ?o ORDER BY ?o"
        ),
    ]);
    let priorities = priorities
        .into_iter()
        .map(|row| {
            let mut themes: Vec<&str> = row[1].split(' ').collect();
            themes.sort_unstable();
            vec![row[0].clone(), themes.join(" ")]
        })
        .collect();
    let mentions = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?t WHERE {{ GRAPH {graph} {{ ?s pg:mentions ?m . ?m pg:aboutTheme ?t }} }} ORDER BY ?t"
        ),
    ]);
    let issuer = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?name WHERE {{ GRAPH {graph} {{ ?s pg:issuedBy ?o }} ?o skos:prefLabel ?name }}"
        ),
    ]);
    Strategy {
        priorities,
        mentions,
        issuer,
    }
}

/// Every text literal of the graph of the document built from the file of this name.
fn literals(env: &Env, file: &str) -> Vec<String> {
    let graph = graph(env, file);
    env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT DISTINCT ?text WHERE {{ GRAPH {graph} {{ ?s ?p ?text FILTER(isLiteral(?text) && DATATYPE(?text) != xsd:integer) }} }}"
        ),
    ])
    .into_iter()
    .skip(1)
    .map(|row| row[0].clone())
    .collect()
}

#[test]
fn published_pdfs_and_pages_give_the_strategy_of_their_text() {
    let env = env();
    let english = strategy(&env, "harbourcoast-txt.txt");
    let labels: Vec<&str> = english.priorities[1..]
        .iter()
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Offshore wind and marine energy",
            "Fisheries and aquaculture",
            "Port logistics",
            "Food processing",
            "Digital health"
        ]
    );
    assert_eq!(
        english.issuer[1..],
        [vec!["Harbourcoast Regional Council".to_owned()]]
    );
    for variant in PDFS {
        let file = format!("harbourcoast-{variant}.pdf");
        assert_eq!(strategy(&env, &file), english, "{file}");
    }
    // The saved page is one document: its _files folder gave none.
    assert_eq!(strategy(&env, SAVED), english);
    assert_eq!(strategy(&env, SINGLE_FILE), english);
    let swedish = strategy(&env, "norrsjo-txt.txt");
    assert_eq!(swedish.priorities.len(), 1 + 4, "{swedish:?}");
    assert_eq!(swedish.issuer[1..], [vec!["Region Norrsjö".to_owned()]]);
    for charset in PAGES {
        let file = format!("norrsjo-{charset}.html");
        assert_eq!(strategy(&env, &file), swedish, "{file}");
    }
    let documents = env.csv(&[
        "query",
        "-e",
        "SELECT (COUNT(DISTINCT ?path) AS ?n) WHERE { ?d pg:sourcePath ?path
           FILTER(CONTAINS(?path, '/docs/') || CONTAINS(?path, '/saved-page/')) }",
    ]);
    assert_eq!(
        documents[1][0],
        (2 + PDFS.len() + PAGES.len() + 2).to_string()
    );
}

#[test]
fn no_furniture_reaches_the_graph() {
    let env = env();
    let furniture = [
        // Running header, footer, page numbers, table of contents.
        "Regional Innovation Strategy 2022–2028",
        "Council  |",
        "Contents",
        ". . .",
        // The draft that the PDF's second revision replaced.
        "Shipbuilding",
        "Maritime tourism",
        // Cookie dialogs, menus, breadcrumbs, widgets, hidden and template content, footers.
        "kakor",
        "Tillåt alla",
        "Hälsa och vård",
        "Stöd till företag",
        "Näringsliv och forskning",
        "Till sidans innehåll",
        "Dela på",
        "Senast uppdaterad",
        "Utskriven",
        "Lyssna",
        "under uppdatering",
        "startsida",
        "JavaScript",
        "Box 100",
        "small text files",
        "Accept all",
        "Bins and recycling",
        "Skip to main content",
        "Print this page",
        "Is this page useful",
        "Harbour House",
    ];
    let mut files: Vec<String> = PDFS
        .iter()
        .map(|v| format!("harbourcoast-{v}.pdf"))
        .collect();
    files.extend(PAGES.iter().map(|c| format!("norrsjo-{c}.html")));
    files.push(SAVED.to_owned());
    files.push(SINGLE_FILE.to_owned());
    for id in &files {
        let texts = literals(&env, id);
        assert!(texts.len() > 10, "{id}: {texts:?}");
        for text in &texts {
            for boilerplate in furniture {
                assert!(
                    !text.contains(boilerplate),
                    "{id}: {boilerplate:?} in {text:?}"
                );
            }
            // Typesetting is undone: no ligature glyphs or soft hyphens, no words cut by them.
            assert!(
                !text.contains(['\u{fb00}', '\u{fb01}', '\u{fb02}', '\u{ad}']),
                "{id}: {text:?}"
            );
        }
    }
    let swedish = literals(&env, "norrsjo-windows-1252.html").join("\n");
    for word in ["energieffektiv", "besöksnäring", "Förnybar energi", "Hälsa"] {
        assert!(swedish.contains(word), "{word:?} not in {swedish}");
    }
    // The title page and the table of contents are pages: the priorities stand on the third.
    let toc = graph(&env, "harbourcoast-toc.pdf");
    let pages = env.csv(&[
        "query",
        "-e",
        &format!("SELECT DISTINCT ?page WHERE {{ GRAPH {toc} {{ ?s pg:hasPriority ?p . ?p pg:page ?page }} }}"),
    ]);
    assert_eq!(pages[1..], [vec!["3".to_owned()]]);
}

/// The same English strategy drawn out of reading order (`published/order/`, made by
/// `make_fixtures.py reading-order`).
const OUT_OF_ORDER: [&str; 4] = [
    // Two columns drawn across the page line by line, their baselines a few points apart.
    "interleaved-columns",
    // A fact box beside the main column, drawn first, on a page where a list item runs on.
    "sidebar-first",
    // The headings drawn after the text of their page, the running header and footer last.
    "heading-after",
    // A cover ending in a long subtitle without a full stop, before a page opening with a
    // sentence.
    "cover-subtitle",
];

#[test]
fn pdfs_drawn_out_of_reading_order_give_the_strategy_and_statements_of_their_text() {
    let env = Env::new();
    let docs = env.path("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let text = "harbourcoast-txt.txt";
    std::fs::copy(
        published("harbourcoast-innovation-strategy.txt"),
        docs.join(text),
    )
    .unwrap();
    for layout in OUT_OF_ORDER {
        let file = format!("harbourcoast-{layout}.pdf");
        std::fs::copy(published(&format!("order/{file}")), docs.join(&file)).unwrap();
    }
    env.ok(&["build", docs.to_str().unwrap()]);
    let english = strategy(&env, text);
    let statements = literals(&env, text);
    assert!(statements.len() > 10, "{statements:?}");
    for layout in OUT_OF_ORDER {
        let file = format!("harbourcoast-{layout}.pdf");
        assert_eq!(strategy(&env, &file), english, "{file}");
        // Every statement of the text is found whole, and none holds words from elsewhere on
        // its page (the other column, the side box, a heading, the cover).
        let found = literals(&env, &file);
        for statement in &statements {
            assert!(
                found.contains(statement),
                "{file}: not whole: {statement:?}"
            );
        }
        for statement in &found {
            assert!(
                statements.contains(statement),
                "{file}: not a statement of the text: {statement:?}"
            );
        }
    }
}

#[test]
fn what_cannot_be_read_is_refused_with_its_name_and_why() {
    for (file, reason) in [
        (
            "harbourcoast-needs-password.pdf",
            "encrypted with a password",
        ),
        ("harbourcoast-scanned.pdf", "no text layer"),
        (
            "harbourcoast-web-page-saved-as.pdf",
            "it is a web page (HTML), not a PDF",
        ),
    ] {
        let env = Env::new();
        let err = env.fail(&["build", published(file).to_str().unwrap()]);
        assert!(err.contains(file), "{err}");
        assert!(err.contains(reason), "{err}");
    }
}
