//! The identity index of one build: every organisation and project name any document uses,
//! mapped to one key, so that the RDF of every document names the same node for the same thing.
//!
//! CORDIS participant codes (PICs) win over names: a document's organisation whose name matches
//! a CORDIS legal or short name becomes that CORDIS organisation. When several CORDIS
//! organisations share the name, the one that takes part in the projects the document names is
//! chosen; if that does not decide, the document's organisation stays a node of its own and the
//! build warns.
//!
//! The user's corrections (`identities.toml`) are applied last, on top of these rules: a `same`
//! decision sends one organisation's key to another's, a `different` one keeps a name apart from
//! the organisation it would join; both are given the rule `correction`.

use super::names::{IdentityRule, MatchKey, acronym_key, fold, match_key};
use crate::model::{Pic, ProjectAcronym, ProjectId};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// What an organisation IRI is minted from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgKey {
    /// A CORDIS organisation.
    Pic(Pic),
    /// An organisation known only from documents, by its match key.
    Name(String),
    /// A name a correction keeps apart from the organisation the rules join it to, by the name
    /// folded.
    Separate(String),
}

/// What a project IRI is minted from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectKey {
    Cordis(ProjectId),
    /// A project known only by its acronym, by its acronym key.
    Acronym(String),
}

/// A name resolved to an organisation, with the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedOrg {
    pub key: OrgKey,
    pub name_key: MatchKey,
    pub rule: IdentityRule,
}

#[derive(Debug, Default)]
pub struct Identities {
    /// Name key → the CORDIS organisations with a name of that key.
    cordis_orgs: HashMap<String, BTreeSet<Pic>>,
    /// Acronym key → the CORDIS projects with that acronym.
    cordis_projects: HashMap<String, BTreeSet<ProjectId>>,
    /// PIC → the projects it takes part in.
    participations: HashMap<Pic, BTreeSet<ProjectId>>,
    /// Corrections: the organisation a key is one with (`same`).
    redirects: HashMap<OrgKey, OrgKey>,
    /// The redirects of CORDIS organisations, which their tables' quads need while loading.
    pic_redirects: Arc<BTreeMap<Pic, OrgKey>>,
    /// Corrections: a name (folded) and the organisation it is not (`different`).
    separated: HashMap<String, OrgKey>,
}

/// Why a correction cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorrectionConflict {
    /// A key already sent to another organisation by an earlier decision.
    AlreadyRedirected(OrgKey),
}

impl Identities {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a CORDIS organisation under each of its names.
    pub fn add_cordis_organisation<'a>(
        &mut self,
        pic: &Pic,
        names: impl IntoIterator<Item = &'a str>,
    ) {
        for name in names {
            if name.trim().is_empty() {
                continue;
            }
            self.cordis_orgs
                .entry(match_key(name).key)
                .or_default()
                .insert(pic.clone());
        }
    }

    pub fn add_cordis_project(&mut self, id: &ProjectId, acronym: &str) {
        if acronym.trim().is_empty() {
            return;
        }
        self.cordis_projects
            .entry(acronym_key(acronym))
            .or_default()
            .insert(id.clone());
    }

    pub fn add_participation(&mut self, pic: &Pic, project: &ProjectId) {
        self.participations
            .entry(pic.clone())
            .or_default()
            .insert(project.clone());
    }

    /// Resolves a document's name for an organisation, corrections included; `projects` are the
    /// acronyms the document associates with it, used when a name is shared by several CORDIS
    /// organisations.
    pub fn organisation(&self, name: &str, projects: &[ProjectAcronym]) -> ResolvedOrg {
        let resolved = self.by_rules(name, projects);
        let root = self.root(&resolved.key);
        if let Some(not) = self.separated.get(&fold(name))
            && (*not == resolved.key || *not == root)
        {
            return ResolvedOrg {
                key: OrgKey::Separate(fold(name)),
                name_key: resolved.name_key,
                rule: IdentityRule::Correction,
            };
        }
        if root == resolved.key {
            return resolved;
        }
        ResolvedOrg {
            key: root,
            name_key: resolved.name_key,
            rule: IdentityRule::Correction,
        }
    }

    /// The organisation of a CORDIS participant: its PIC's, unless a correction joined it to
    /// another.
    pub fn cordis_organisation(&self, pic: &Pic) -> OrgKey {
        self.root(&OrgKey::Pic(pic.clone()))
    }

    /// The organisations that `same` corrections joined CORDIS participants to.
    pub fn pic_redirects(&self) -> Arc<BTreeMap<Pic, OrgKey>> {
        Arc::clone(&self.pic_redirects)
    }

    /// The key `key` ends at after following the `same` corrections.
    pub fn root(&self, key: &OrgKey) -> OrgKey {
        let mut key = key;
        // Each hop was checked not to close a cycle, so the chain ends.
        while let Some(next) = self.redirects.get(key) {
            key = next;
        }
        key.clone()
    }

    /// Records that `from` is the organisation `to` is (a `same` decision); returns whether that
    /// changes anything.
    pub fn join(&mut self, from: &OrgKey, to: &OrgKey) -> Result<bool, CorrectionConflict> {
        let (from_root, to_root) = (self.root(from), self.root(to));
        if from_root == to_root {
            return Ok(false);
        }
        if let Some(earlier) = self.redirects.get(from) {
            return Err(CorrectionConflict::AlreadyRedirected(earlier.clone()));
        }
        self.redirects.insert(from.clone(), to_root.clone());
        let mut pics: BTreeMap<Pic, OrgKey> = BTreeMap::new();
        for key in self.redirects.keys() {
            if let OrgKey::Pic(pic) = key {
                pics.insert(pic.clone(), self.root(key));
            }
        }
        self.pic_redirects = Arc::new(pics);
        Ok(true)
    }

    /// Keeps the documents' name `name` apart from the organisation `not` (a `different`
    /// decision); returns whether the rules had joined them.
    pub fn separate(&mut self, name: &str, not: &OrgKey) -> bool {
        let resolved = self.organisation(name, &[]);
        let joined = resolved.key == *not || resolved.key == self.root(not);
        self.separated.insert(fold(name), not.clone());
        joined
    }

    /// Whether a name with this match key is a CORDIS organisation's.
    pub fn is_cordis_name(&self, key: &str) -> bool {
        self.cordis_orgs.contains_key(key)
    }

    /// The CORDIS organisations that have a name of this match key.
    pub fn cordis_pics(&self, key: &str) -> Vec<Pic> {
        self.cordis_orgs
            .get(key)
            .map(|pics| pics.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether a CORDIS table of the build lists this participant.
    pub fn knows_pic(&self, pic: &Pic) -> bool {
        self.participations.contains_key(pic)
    }

    /// The organisation the identity rules alone give a name, before any correction.
    pub fn by_rules(&self, name: &str, projects: &[ProjectAcronym]) -> ResolvedOrg {
        let name_key = match_key(name);
        let by_name = |name_key: MatchKey| ResolvedOrg {
            key: OrgKey::Name(name_key.key.clone()),
            rule: name_key.rule,
            name_key,
        };
        let Some(pics) = self.cordis_orgs.get(&name_key.key) else {
            return by_name(name_key);
        };
        if let [pic] = pics.iter().collect::<Vec<_>>().as_slice() {
            return ResolvedOrg {
                key: OrgKey::Pic((*pic).clone()),
                name_key,
                rule: IdentityRule::CordisName,
            };
        }
        let wanted: BTreeSet<ProjectId> = projects
            .iter()
            .flat_map(|acronym| self.projects_with_acronym(acronym))
            .collect();
        let mut scored: BTreeMap<usize, Vec<&Pic>> = BTreeMap::new();
        for pic in pics {
            let shared = self
                .participations
                .get(pic)
                .map_or(0, |p| p.intersection(&wanted).count());
            scored.entry(shared).or_default().push(pic);
        }
        match scored.pop_last() {
            Some((shared, best)) if shared > 0 && best.len() == 1 => ResolvedOrg {
                key: OrgKey::Pic(best[0].clone()),
                name_key,
                rule: IdentityRule::SharedProjects,
            },
            _ => by_name(name_key),
        }
    }

    fn projects_with_acronym(
        &self,
        acronym: &ProjectAcronym,
    ) -> impl Iterator<Item = ProjectId> + '_ {
        self.cordis_projects
            .get(&acronym_key(acronym.as_str()))
            .into_iter()
            .flatten()
            .cloned()
    }

    /// Whether a name is shared by several CORDIS organisations that [`Self::organisation`] could
    /// not tell apart.
    pub fn is_ambiguous(&self, resolved: &ResolvedOrg) -> bool {
        matches!(resolved.key, OrgKey::Name(_))
            && self
                .cordis_orgs
                .get(&resolved.name_key.key)
                .is_some_and(|pics| pics.len() > 1)
    }

    /// Resolves a project acronym a document names; `org` (the organisation the document is
    /// about) decides between CORDIS projects that share an acronym.
    pub fn project(&self, acronym: &ProjectAcronym, org: Option<&ResolvedOrg>) -> ProjectKey {
        let candidates: Vec<ProjectId> = self.projects_with_acronym(acronym).collect();
        match candidates.as_slice() {
            [] => ProjectKey::Acronym(acronym_key(acronym.as_str())),
            [only] => ProjectKey::Cordis(only.clone()),
            many => {
                let joined = org.and_then(|org| match &org.key {
                    OrgKey::Pic(pic) => self.participations.get(pic),
                    OrgKey::Name(_) | OrgKey::Separate(_) => None,
                });
                let mut chosen = many
                    .iter()
                    .filter(|p| joined.is_some_and(|j| j.contains(*p)));
                match (chosen.next(), chosen.next()) {
                    (Some(p), None) => ProjectKey::Cordis(p.clone()),
                    _ => ProjectKey::Acronym(acronym_key(acronym.as_str())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_cordis_resolve_by_key() {
        let ids = Identities::new();
        let a = ids.organisation("OREBRO LANS LANDSTING", &[]);
        let b = ids.organisation("Region Örebro län", &[]);
        assert_eq!(a.key, b.key);
        assert_eq!(a.key, OrgKey::Name("region orebro".into()));
        assert_eq!(
            ids.project(&ProjectAcronym::new("EJP RD"), None),
            ProjectKey::Acronym("EJPRD".into())
        );
    }

    #[test]
    fn cordis_names_win_and_shared_projects_break_ties() {
        let mut ids = Identities::new();
        let (p1, p2) = (Pic::new("999"), Pic::new("888"));
        ids.add_cordis_organisation(&p1, ["OREBRO LANS LANDSTING"]);
        ids.add_cordis_project(&ProjectId::new("1"), "3TR");
        ids.add_participation(&p1, &ProjectId::new("1"));
        let r = ids.organisation("Region Örebro County", &[]);
        assert_eq!(
            (r.key, r.rule),
            (OrgKey::Pic(p1.clone()), IdentityRule::CordisName)
        );

        ids.add_cordis_organisation(&p2, ["Region Örebro län"]);
        let unresolved = ids.organisation("Region Örebro län", &[]);
        assert!(matches!(unresolved.key, OrgKey::Name(_)));
        assert!(ids.is_ambiguous(&unresolved));
        let r = ids.organisation("Region Örebro län", &[ProjectAcronym::new("3TR")]);
        assert_eq!(
            (r.key, r.rule),
            (OrgKey::Pic(p1), IdentityRule::SharedProjects)
        );
    }

    #[test]
    fn corrections_join_and_separate_on_top_of_the_rules() {
        let mut ids = Identities::new();
        let (p1, p2) = (Pic::new("111"), Pic::new("222"));
        ids.add_cordis_organisation(&p1, ["STOCKHOLM SCIENCE CITY FOUNDATION"]);
        ids.add_cordis_organisation(&p2, ["STIFTELSEN STOCKHOLM SCIENCE CITY"]);
        let short = ids.organisation("Stockholm Science City", &[]);
        assert!(matches!(short.key, OrgKey::Name(_)));

        // `same`: the short name and the second PIC join the first PIC, in chains too.
        assert_eq!(ids.join(&short.key, &OrgKey::Pic(p2.clone())), Ok(true));
        assert_eq!(
            ids.join(&OrgKey::Pic(p2.clone()), &OrgKey::Pic(p1.clone())),
            Ok(true)
        );
        let joined = ids.organisation("Stockholm Science City", &[]);
        assert_eq!(
            (joined.key, joined.rule),
            (OrgKey::Pic(p1.clone()), IdentityRule::Correction)
        );
        assert_eq!(ids.cordis_organisation(&p2), OrgKey::Pic(p1.clone()));
        assert_eq!(ids.pic_redirects().get(&p2), Some(&OrgKey::Pic(p1.clone())));
        // Joining what is already one changes nothing; a key sent twice is a conflict.
        assert_eq!(ids.join(&OrgKey::Pic(p1.clone()), &short.key), Ok(false));
        let other = ids.organisation("Flemingsberg Science", &[]).key;
        assert_eq!(
            ids.join(&OrgKey::Pic(p2.clone()), &other),
            Err(CorrectionConflict::AlreadyRedirected(OrgKey::Pic(
                p1.clone()
            )))
        );

        // `different`: the name leaves the organisation the correction above sent it to.
        assert!(ids.separate("Stockholm Science City", &OrgKey::Pic(p1.clone())));
        let apart = ids.organisation("Stockholm Science City", &[]);
        assert_eq!(apart.key, OrgKey::Separate("stockholm science city".into()));
        // Other spellings of the same key are not that name.
        assert_eq!(
            ids.organisation("Stockholm Science City AB", &[]).key,
            OrgKey::Pic(p1)
        );
    }

    #[test]
    fn duplicate_acronyms_resolve_through_the_organisation() {
        let mut ids = Identities::new();
        let pic = Pic::new("999");
        ids.add_cordis_organisation(&pic, ["REGION STOCKHOLM"]);
        for id in ["10", "20"] {
            ids.add_cordis_project(&ProjectId::new(id), "H2O");
        }
        ids.add_participation(&pic, &ProjectId::new("20"));
        let org = ids.organisation("Region Stockholm", &[]);
        let acronym = ProjectAcronym::new("H2O");
        assert_eq!(
            ids.project(&acronym, Some(&org)),
            ProjectKey::Cordis(ProjectId::new("20"))
        );
        assert_eq!(
            ids.project(&acronym, None),
            ProjectKey::Acronym("H2O".into())
        );
    }
}
