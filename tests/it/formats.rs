//! Strategies as PDF and as web pages: the same strategy as text, as a laid-out PDF (cover page,
//! running headers and footers, page numbers, hyphenation, two columns) and as a web page (menu,
//! cookie banner, footer, scripts) gives the same priorities and themes, also when the list of
//! areas has items nested under its items (indented `◦` in the text, the glyph alone in the PDF's
//! text, a `<ul>` inside an `<li>` on the page).
//! `tests/fixtures/formats/make_fixtures.py` made the PDF and HTML files from the text.

use crate::common::{Env, fixture};

const STRATEGIES: [(&str, &str); 3] = [
    ("lakeshire-smart-specialisation", ""),
    ("vasterdal-innovationsstrategi", ".sv"),
    ("fjordland-smart-specialisation", ""),
];

/// The store with each strategy's text, PDF and page under ids of their own (`…-txt`, `…-pdf`,
/// `…-html`).
fn env() -> Env {
    let env = Env::new();
    let docs = env.path("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for (name, lang) in STRATEGIES {
        for format in ["txt", "pdf", "html"] {
            std::fs::copy(
                fixture(&format!("formats/{name}{lang}.{format}")),
                docs.join(format!("{name}-{format}.{format}")),
            )
            .unwrap();
        }
    }
    env.ok(&["build", docs.to_str().unwrap()]);
    env
}

/// The priorities of one document's strategy (label and its themes) and the themes it mentions.
fn strategy(env: &Env, id: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let graph = format!("<https://w3id.org/partnergraph/graph/{id}>");
    let priorities = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?label (GROUP_CONCAT(?t; separator=' ') AS ?themes) WHERE {{ GRAPH {graph} {{
               ?s pg:hasPriority ?p . ?p skos:prefLabel ?label ; pg:order ?o .
               OPTIONAL {{ ?p pg:aboutTheme ?t }} }} }} GROUP BY ?label ?o ORDER BY ?o"
        ),
    ]);
    let mentions = env.csv(&[
        "query",
        "-e",
        &format!(
            "SELECT ?t WHERE {{ GRAPH {graph} {{ ?s pg:mentions ?m . ?m pg:aboutTheme ?t }} }} ORDER BY ?t"
        ),
    ]);
    let sorted = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|cell| {
                        let mut words: Vec<&str> = cell.split(' ').collect();
                        words.sort_unstable();
                        words.join(" ")
                    })
                    .collect()
            })
            .collect()
    };
    (sorted(priorities), sorted(mentions))
}

#[test]
fn pdf_and_html_give_the_same_priorities_and_themes_as_the_text() {
    let env = env();
    for (name, _) in STRATEGIES {
        let (priorities, mentions) = strategy(&env, &format!("{name}-txt"));
        assert!(priorities.len() >= 5, "{name}: {priorities:?}");
        assert!(mentions.len() >= 8, "{name}: {mentions:?}");
        for format in ["pdf", "html"] {
            let id = format!("{name}-{format}");
            assert_eq!(
                strategy(&env, &id),
                (priorities.clone(), mentions.clone()),
                "{id}"
            );
        }
    }
    // The nested items are parts of their areas, not areas of their own (`strategy` gives each
    // label with its words sorted).
    let (fjordland, _) = strategy(&env, "fjordland-smart-specialisation-txt");
    let labels: Vec<&str> = fjordland[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "Ocean food",
            "Maritime technology",
            "Green industry process",
            "Nature-based tourism"
        ]
    );
}

#[test]
fn priorities_of_the_pdf_point_to_their_page_and_line() {
    let env = env();
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?label ?page ?line WHERE { GRAPH <https://w3id.org/partnergraph/graph/lakeshire-smart-specialisation-pdf> {
           ?s pg:hasPriority ?p . ?p skos:prefLabel ?label ; pg:page ?page ; pg:line ?line } } ORDER BY ?line",
    ]);
    let pages: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    // The cover is page 1; the four priority areas are listed on page 2.
    assert!(pages.contains(&("Agri-food", "2")), "{rows:?}");
    assert!(pages.contains(&("Construction materials", "2")), "{rows:?}");
    // Page numbers only where there are pages: the text version has lines, no pages.
    let text_pages = env.csv(&[
        "query",
        "-e",
        "SELECT ?p WHERE { GRAPH <https://w3id.org/partnergraph/graph/lakeshire-smart-specialisation-txt> { ?p pg:page ?page } }",
    ]);
    assert_eq!(text_pages.len(), 1, "{text_pages:?}");
}

#[test]
fn boilerplate_is_left_out_and_the_language_is_read() {
    let env = env();
    let dump = env.ok(&["export", "--format", "nquads"]).to_lowercase();
    for chrome in [
        "we use cookies",
        "vi använder kakor",
        "skip to content",
        "related pages",
        "region lakeshire | page",
        "regional innovationsstrategi\"",
        "lake road 1",
        "strandgata 2",
    ] {
        assert!(!dump.contains(chrome), "{chrome:?} reached the graph");
    }
    let languages = env.csv(&[
        "query",
        "-e",
        "SELECT ?id ?lang WHERE { GRAPH ?g { ?d pg:sourcePath ?path ; dcterms:language ?lang } BIND(REPLACE(STR(?d), '^.*/', '') AS ?id) } ORDER BY ?id",
    ]);
    for row in &languages[1..] {
        let expected = if row[0].starts_with("vasterdal") {
            "sv"
        } else {
            "en"
        };
        assert_eq!(row[1], expected, "{row:?}");
    }
    assert_eq!(languages.len(), 1 + 3 * STRATEGIES.len(), "{languages:?}");
}

#[test]
fn a_pdf_without_text_is_refused_with_its_name() {
    let env = Env::new();
    let scanned = env.path("scanned.pdf");
    // A valid one-page PDF whose page draws nothing: what a scan without OCR looks like to us.
    std::fs::copy(fixture("formats/empty-page.pdf"), &scanned).unwrap();
    let err = env.fail(&["build", scanned.to_str().unwrap()]);
    assert!(err.contains("scanned.pdf"), "{err}");
    assert!(err.contains("no text layer"), "{err}");
}

#[test]
fn a_users_theme_scheme_is_matched_like_ours() {
    let env = Env::new();
    let scheme = env.path("my-themes.ttl");
    std::fs::write(
        &scheme,
        r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix theme: <https://w3id.org/partnergraph/theme/> .
@prefix my: <https://example.org/themes/> .
my:scheme a skos:ConceptScheme .
my:visitor-services a skos:Concept ; skos:inScheme my:scheme ;
    skos:prefLabel "visitor service"@en , "besökstjänst"@sv ;
    skos:broader theme:tourism .
theme:textiles a skos:Concept ; skos:altLabel "tekstiilit"@fi , "mills"@en .
"#,
    )
    .unwrap();
    let text = env.path("lakeshire.txt");
    std::fs::copy(fixture("formats/lakeshire-smart-specialisation.txt"), &text).unwrap();
    env.ok(&["build", scheme.to_str().unwrap(), text.to_str().unwrap()]);
    let rows = env.csv(&[
        "query",
        "-e",
        "SELECT ?label ?t WHERE { ?p a pg:PriorityArea ; skos:prefLabel ?label ; pg:aboutTheme ?t .
           FILTER(?t IN (<https://example.org/themes/visitor-services>, theme:textiles)) } ORDER BY ?label ?t",
    ]);
    assert_eq!(
        rows[1..],
        [
            vec![
                "Sustainable tourism".to_owned(),
                "https://example.org/themes/visitor-services".to_owned()
            ],
            vec![
                "Textiles and clothing".to_owned(),
                "https://w3id.org/partnergraph/theme/textiles".to_owned()
            ],
        ]
    );
    // The user's concepts are themes of the graph, so the shapes hold.
    env.ok(&["validate"]);
}
