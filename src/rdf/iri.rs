//! Deterministic IRIs: the same input always gives the same IRI, and no entity is a blank node,
//! so that graphs from different documents and builds join on the same nodes.

use crate::model::{CountryCode, SourceId, ThemeId};
use crate::resolve::{OrgKey, ProjectKey, fold, slug};
use crate::vocab::{GRAPH_NS, ID_NS, THEME_NS};
use oxigraph::model::NamedNode;

fn mint(path: impl AsRef<str>) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID_NS}{}", path.as_ref()))
}

pub fn organisation(key: &OrgKey) -> NamedNode {
    match key {
        OrgKey::Pic(pic) => mint(format!("org/pic-{}", slug(pic.as_str()))),
        OrgKey::Name(name) => mint(format!("org/{}", slug(name))),
        // A slug holds no `/`, so no name's node can be a separated name's.
        OrgKey::Separate(name) => mint(format!("org/{}/separate", slug(name))),
    }
}

pub fn project(key: &ProjectKey) -> NamedNode {
    match key {
        ProjectKey::Cordis(id) => mint(format!("project/cordis-{}", slug(id.as_str()))),
        ProjectKey::Acronym(acronym) => mint(format!("project/{}", slug(acronym))),
    }
}

/// One participation per (project, organisation): CORDIS rows and profile mentions of the same
/// pair meet on this node.
pub fn participation(project: &NamedNode, organisation: &NamedNode) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}/participant/{}",
        project.as_str(),
        local(organisation)
    ))
}

/// A further participation of an organisation in a project, in another role than its leading
/// one (a participant that is also a third party).
pub fn participation_in_role(
    project: &NamedNode,
    organisation: &NamedNode,
    role: &str,
) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}/{}",
        participation(project, organisation).as_str(),
        slug(&fold(role))
    ))
}

fn local(node: &NamedNode) -> &str {
    node.as_str().rsplit('/').next().unwrap_or_default()
}

/// An expertise area belongs to the organisation and the document that grades it.
pub fn expertise(organisation: &NamedNode, source: &SourceId, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}/expertise/{}/{}",
        organisation.as_str(),
        slug(source.as_str()),
        slug(&crate::resolve::fold_letters(name))
    ))
}

pub fn highlight(organisation: &NamedNode, source: &SourceId, acronym: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}/highlight/{}/{}",
        organisation.as_str(),
        slug(source.as_str()),
        slug(&crate::resolve::acronym_key(acronym))
    ))
}

/// One alias node per exact spelling: "REGION STOCKHOLM" and "Region Stockholm" are two aliases.
pub fn alias(organisation: &NamedNode, source: &SourceId, label: &str) -> NamedNode {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(label.as_bytes());
    NamedNode::new_unchecked(format!(
        "{}/alias/{}/{}-{:02x}{:02x}{:02x}{:02x}",
        organisation.as_str(),
        slug(source.as_str()),
        slug(&crate::resolve::fold(label)),
        digest[0],
        digest[1],
        digest[2],
        digest[3]
    ))
}

/// A document's strategy; its priorities, mentions and relations are numbered beneath it.
pub fn strategy(source: &SourceId) -> NamedNode {
    mint(format!("strategy/{}", slug(source.as_str())))
}

pub fn strategy_part(strategy: &NamedNode, kind: &str, index: usize) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/{kind}/{index}", strategy.as_str()))
}

pub fn mention(source_document: &NamedNode, theme: &ThemeId) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}/mention/{}",
        source_document.as_str(),
        slug(theme.as_str())
    ))
}

pub fn region(name: &str) -> NamedNode {
    mint(format!("region/{}", slug(&crate::resolve::fold(name))))
}

pub fn country(code: &CountryCode) -> NamedNode {
    mint(format!("country/{}", slug(code.as_str())))
}

/// A theme's IRI: ours are local names in the theme namespace, a user scheme's concepts keep the
/// absolute IRI they were loaded with.
pub fn theme(id: &ThemeId) -> NamedNode {
    if id.as_str().contains(':') {
        NamedNode::new_unchecked(id.as_str())
    } else {
        NamedNode::new_unchecked(format!("{THEME_NS}{}", id.as_str()))
    }
}

/// The theme id of a theme IRI, if it is one of ours.
pub fn theme_id(iri: &str) -> Option<ThemeId> {
    iri.strip_prefix(THEME_NS).map(ThemeId::new)
}

pub fn source_document(source: &SourceId) -> NamedNode {
    mint(format!("source/{}", slug(source.as_str())))
}

/// The source id of a source document IRI.
pub fn source_id(document: &NamedNode) -> Option<SourceId> {
    document
        .as_str()
        .strip_prefix(ID_NS)?
        .strip_prefix("source/")
        .map(SourceId::new)
}

/// The named graph holding everything one source document says.
pub fn graph(source: &SourceId) -> NamedNode {
    NamedNode::new_unchecked(format!("{GRAPH_NS}{}", slug(source.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pic, ProjectId};

    #[test]
    fn iris_are_stable_and_distinct() {
        let a = organisation(&OrgKey::Name("region orebro".into()));
        assert_eq!(
            a.as_str(),
            "https://w3id.org/partnergraph/id/org/region-orebro"
        );
        let pic = organisation(&OrgKey::Pic(Pic::new("999979694")));
        assert_eq!(
            pic.as_str(),
            "https://w3id.org/partnergraph/id/org/pic-999979694"
        );
        let p = project(&ProjectKey::Cordis(ProjectId::new("101017424")));
        assert_eq!(
            participation(&p, &pic).as_str(),
            "https://w3id.org/partnergraph/id/project/cordis-101017424/participant/pic-999979694"
        );
        assert_ne!(
            project(&ProjectKey::Acronym("2020".into())),
            project(&ProjectKey::Cordis(ProjectId::new("2020")))
        );
    }

    #[test]
    fn an_expertise_iri_reads_as_its_name() {
        let org = organisation(&OrgKey::Name("nordkraft".into()));
        let source = SourceId::new("profile");
        let local = |name: &str| expertise(&org, &source, name).as_str().to_owned();
        // The digraph folding that makes CORDIS's `OE` meet `ö` would read `blu-bioconomy`.
        assert!(local("Blue bioeconomy").ends_with("/expertise/profile/blue-bioeconomy"));
        assert!(local("Sjöfart & hamnar").ends_with("/expertise/profile/sjofart-and-hamnar"));
        assert_ne!(local("Queue theory"), local("Quu theory"));
    }
}
