//! Relevance on a small graph written for these tests.

use super::*;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Quad};

/// Organisations, a project, a Swedish strategy's priority and commitment, and a theme.
const GRAPH: &str = r#"
@prefix pg: <https://w3id.org/partnergraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/partnergraph/id/> .
@prefix g: <https://w3id.org/partnergraph/graph/> .

g:registry {
  id:org-lakeside a pg:Organisation ; skos:prefLabel "Lakeside Institute of Technology" ;
      pg:legalName "LAKESIDE INSTITUTE OF TECHNOLOGY" ; skos:altLabel "LIT" .
  id:org-lakeside-hospital a pg:Organisation ; skos:prefLabel "Lakeside University Hospital" .
  id:org-norrvik a pg:Organisation ; skos:prefLabel "Region Norrvik" ;
      skos:altLabel "Norrviks läns landsting" .
  id:org-tidewater a pg:Organisation ; skos:prefLabel "Tidewater Cell Therapies AB" .
}
g:projects {
  id:project-1 a pg:Project ; pg:acronym "COLDSTORE" ;
      pg:title "Sample logistics for population biobanks" ;
      pg:objective "The project will connect the biobanks of four regions so that researchers can find frozen samples and the consent that covers them, and it will train staff in the handling of blood and tissue." .
  id:project-2 a pg:Project ; pg:acronym "WINDSHIP" ;
      pg:title "Wind-assisted propulsion for coastal freight" ;
      pg:objective "The consortium will test rigid sails on three cargo vessels and measure the fuel that they save on routes in the Baltic Sea." .
}
g:strategy {
  id:priority-1 a pg:Priority, pg:PriorityArea ; skos:prefLabel "Precisionsmedicin"@sv ;
      pg:statement "Regionen ska bygga upp en gemensam biobank för forskning och vård."@sv .
  id:commitment-1 a pg:Priority, pg:Commitment ; skos:prefLabel "Kompetensförsörjning"@sv ;
      pg:statement "Regionen avser att stärka samverkan med lärosätena om vidareutbildning."@sv .
}
g:themes {
  id:theme-biobanks a skos:Concept, pg:Theme ; skos:prefLabel "biobanks"@en , "biobanker"@sv ;
      skos:definition "Collections of human samples and their data kept for research."@en .
}
"#;

fn store() -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_slice(RdfFormat::TriG, GRAPH.as_bytes())
        .unwrap();
    store
}

/// The index of the test graph in a generation directory `gen-000001`.
fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let generation = dir.path().join("gen-000001");
    std::fs::create_dir(&generation).unwrap();
    let path = generation.join(DIR);
    write(&store(), &path).unwrap();
    let index = open_for(&path, "gen-000001").unwrap();
    (dir, index)
}

fn search(index: &SearchIndex, text: &str, kind: Option<Kind>) -> Vec<Hit> {
    let request = Request {
        text: text.to_owned(),
        kind,
        lang: None,
        limit: 10,
    };
    index.search(&request).unwrap()
}

fn nodes(hits: &[Hit]) -> Vec<&str> {
    hits.iter()
        .map(|hit| hit.node.rsplit('/').next().unwrap())
        .collect()
}

#[test]
fn an_exact_name_ranks_first() {
    let (_dir, index) = index();
    let hits = search(&index, "Lakeside University Hospital", None);
    assert_eq!(nodes(&hits)[0], "org-lakeside-hospital");
    // The other Lakeside organisation matches one word and ranks below.
    assert!(nodes(&hits).contains(&"org-lakeside"));
    assert!(hits[0].score > hits[1].score);
    let hits = search(&index, "lakeside institute of technology", None);
    assert_eq!(nodes(&hits)[0], "org-lakeside");
    assert_eq!(hits[0].label, "Lakeside Institute of Technology");
    assert_eq!(hits[0].kind, Kind::Organisation);
    assert_eq!(
        hits[0].graphs,
        ["https://w3id.org/partnergraph/graph/registry"]
    );
}

#[test]
fn swedish_inflections_find_the_stem() {
    let (_dir, index) = index();
    // "biobanker" (plural) finds the Swedish priority that says "biobank", the English
    // project that says "biobanks", and the theme.
    let hits = search(&index, "biobanker", None);
    let found = nodes(&hits);
    for node in ["priority-1", "project-1", "theme-biobanks"] {
        assert!(found.contains(&node), "{node} not in {found:?}");
    }
    let priority = hits
        .iter()
        .find(|h| h.node.ends_with("priority-1"))
        .unwrap();
    assert_eq!(priority.kind, Kind::Priority);
    assert!(
        priority.snippet.contains("**biobank**"),
        "{}",
        priority.snippet
    );
    // A definite form of another word: "samverkan" is found from "samverkans".
    assert_eq!(nodes(&search(&index, "samverkans", None)), ["commitment-1"]);
    assert_eq!(search(&index, "samverkans", None)[0].kind, Kind::Statement);
}

#[test]
fn a_typo_in_a_name_still_finds_it() {
    let (_dir, index) = index();
    assert_eq!(
        nodes(&search(&index, "Tidewatter", None))[0],
        "org-tidewater"
    );
    assert_eq!(nodes(&search(&index, "Norvik", None))[0], "org-norrvik");
    // Letters folded to ASCII, as CORDIS writes names.
    assert_eq!(
        nodes(&search(&index, "NORRVIKS LANS", None))[0],
        "org-norrvik"
    );
    // Short words must match exactly: one edit turns them into other words.
    assert!(search(&index, "LIP", None).is_empty());
}

#[test]
fn stop_words_match_nothing() {
    let (_dir, index) = index();
    assert!(search(&index, "the of and", None).is_empty());
    assert!(search(&index, "och för att", None).is_empty());
    // With a real word, only it counts.
    let hits = search(&index, "the sails", None);
    assert_eq!(nodes(&hits), ["project-2"]);
}

#[test]
fn kind_and_language_narrow_the_hits() {
    let (_dir, index) = index();
    let projects = search(&index, "biobank", Some(Kind::Project));
    assert_eq!(nodes(&projects), ["project-1"]);
    let request = Request {
        text: "biobank".to_owned(),
        kind: None,
        lang: Some(Lang::Sv),
        limit: 10,
    };
    let swedish = index.search(&request).unwrap();
    let mut found = nodes(&swedish);
    found.sort_unstable();
    assert_eq!(found, ["priority-1", "theme-biobanks"]);
}

#[test]
fn an_index_of_another_generation_or_a_damaged_one_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = store();
    let first = dir.path().join("gen-000001");
    let second = dir.path().join("gen-000002");
    std::fs::create_dir(&first).unwrap();
    std::fs::create_dir(&second).unwrap();
    write(&store, &first.join(DIR)).unwrap();
    // Copied into another generation: not used, made again for that one.
    let copy = second.join(DIR);
    std::fs::create_dir(&copy).unwrap();
    for file in std::fs::read_dir(first.join(DIR)).unwrap() {
        let file = file.unwrap();
        std::fs::copy(file.path(), copy.join(file.file_name())).unwrap();
    }
    let why = open_for(&copy, "gen-000002").err().unwrap();
    assert!(why.contains("another generation"), "{why}");
    let index = open_at(&copy, &store).unwrap();
    assert_eq!(nodes(&search(&index, "WINDSHIP", None)), ["project-2"]);
    assert!(open_for(&copy, "gen-000002").is_ok());
    // Damaged: its metadata cut short.
    let meta = copy.join("meta.json");
    let bytes = std::fs::read(&meta).unwrap();
    std::fs::write(&meta, &bytes[..bytes.len() / 2]).unwrap();
    assert!(open_for(&copy, "gen-000002").is_err());
    let index = open_at(&copy, &store).unwrap();
    assert_eq!(nodes(&search(&index, "WINDSHIP", None)), ["project-2"]);
    // Missing.
    std::fs::remove_dir_all(&copy).unwrap();
    let index = open_at(&copy, &store).unwrap();
    assert_eq!(nodes(&search(&index, "coldstore", None)), ["project-1"]);
    // Nothing is left beside it.
    let names: Vec<_> = std::fs::read_dir(&second)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [DIR]);
}

#[test]
fn kinds_are_read_in_either_spelling() {
    assert_eq!(Kind::parse("Organization").unwrap(), Kind::Organisation);
    assert_eq!(Kind::parse("projects").unwrap(), Kind::Project);
    assert!(Kind::parse("person").is_err());
}

#[test]
fn text_gathered_from_quads_in_any_order_is_what_the_store_gives() {
    // As a build's store: every triple of the documents' graphs also in the default graph.
    let store = store();
    let quads: Vec<Quad> = store.iter().collect::<Result<_, _>>().unwrap();
    for quad in &quads {
        let triple = Quad::new(
            quad.subject.clone(),
            quad.predicate.clone(),
            quad.object.clone(),
            GraphName::DefaultGraph,
        );
        store.insert(&triple).unwrap();
    }
    // As a build observes them: the documents' quads only, in chunks, text before types.
    let mut collector = Collector::default();
    for chunk in quads.rchunks(3) {
        collector.observe(chunk);
    }
    let streamed = collector.finish();
    assert_eq!(streamed, collect::gather(&store).unwrap());
    let kinds: Vec<_> = streamed
        .iter()
        .map(|(node, e)| (node.rsplit('/').next().unwrap(), e.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("commitment-1", Kind::Statement),
            ("org-lakeside", Kind::Organisation),
            ("org-lakeside-hospital", Kind::Organisation),
            ("org-norrvik", Kind::Organisation),
            ("org-tidewater", Kind::Organisation),
            ("priority-1", Kind::Priority),
            ("project-1", Kind::Project),
            ("project-2", Kind::Project),
            ("theme-biobanks", Kind::Theme),
        ]
    );
    // The first name is the label: the preferred label, then the legal name and the alias.
    let lakeside = &streamed["https://w3id.org/partnergraph/id/org-lakeside"];
    let names: Vec<&str> = lakeside.values.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(
        names,
        [
            "Lakeside Institute of Technology",
            "LAKESIDE INSTITUTE OF TECHNOLOGY",
            "LIT"
        ]
    );
    assert_eq!(lakeside.graphs.len(), 1);
}
