//! Likely identity errors, both ways, ranked by how likely they are:
//!
//! | finding | score |
//! | --- | --- |
//! | one VAT number under two organisations | 0.97 |
//! | one normalised name under two organisations (two PICs, or a name the rules could not place) | 0.90, 0.70 in two different cities |
//! | names that differ by a generic word (`Foundation`, `Stiftelsen`, `Group`, …) | 0.85 |
//! | names a few letters apart (normalised Levenshtein ≥ 0.9), in one city or where a city is unknown | 0.8 × similarity |
//! | a merge that rests on shared projects alone | 0.60 |
//! | a merge that rests on a short name equal to a CORDIS name (an acronym) | 0.55 |
//!
//! Near-identical names are compared within blocks of organisations that share a word of their
//! keys; words that more than [`MAX_BLOCK`] organisations share (`university`) make no block,
//! so the comparison stays near linear in the number of organisations.

use super::listing::OrgIdentity;
use crate::resolve::match_key;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Words so common among names that a block of them would compare too many pairs.
const MAX_BLOCK: usize = 150;

/// Words that name the legal shape of a body rather than which body it is.
const GENERIC_WORDS: &[&str] = &[
    "foundation",
    "stiftelsen",
    "stiftelse",
    "stiftung",
    "fondation",
    "fundacion",
    "fondazione",
    "association",
    "forening",
    "foreningen",
    "verein",
    "society",
    "group",
    "holding",
    "company",
    "corporation",
    "trust",
    "network",
];

/// Which way a finding points: two nodes that may be one, or one node that may be two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuspicionKind {
    PossibleDuplicate,
    WeakMerge,
}

impl SuspicionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PossibleDuplicate => "possible-duplicate",
            Self::WeakMerge => "weak-merge",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Suspicion {
    pub score: f64,
    pub kind: SuspicionKind,
    pub label: String,
    pub iri: String,
    /// The other organisation (a duplicate) or the name that may not belong (a weak merge).
    pub other: String,
    pub other_iri: Option<String>,
    pub reason: String,
    /// The `identities.toml` entry that would act on the finding.
    pub suggestion: String,
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A CORDIS organisation by its PIC (its names may be another's too), any other by its label.
fn same(a: &OrgIdentity, b: &OrgIdentity) -> String {
    let name = |o: &OrgIdentity| quoted(o.pics.first().unwrap_or(&o.label));
    format!("[[same]]\nnames = [{}, {}]", name(a), name(b))
}

fn keys(org: &OrgIdentity) -> BTreeSet<String> {
    org.names
        .iter()
        .map(|n| match_key(&n.name).key)
        .chain([match_key(&org.label).key])
        .filter(|k| !k.is_empty())
        .collect()
}

/// Whether two organisations can be in one place: they share a city, or one has none on record.
fn same_place(a: &OrgIdentity, b: &OrgIdentity) -> bool {
    let city = |o: &OrgIdentity| -> BTreeSet<String> {
        o.cities.iter().map(|c| crate::resolve::fold(c)).collect()
    };
    let (ca, cb) = (city(a), city(b));
    ca.is_empty() || cb.is_empty() || !ca.is_disjoint(&cb)
}

/// How alike two keys are, with the reason, if they are alike enough to report.
fn near(a: &str, b: &str) -> Option<(f64, String)> {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if wa.len() < wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if long.len() == short.len() + 1 && short.len() >= 2 {
        let extra = if long[..short.len()] == short[..] {
            Some(long[short.len()])
        } else if long[1..] == short[..] {
            Some(long[0])
        } else {
            None
        };
        if let Some(word) = extra.filter(|w| GENERIC_WORDS.contains(w)) {
            return Some((0.85, format!("the names differ only by {word:?}")));
        }
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 8 || la.abs_diff(lb) * 10 > la.max(lb) {
        return None;
    }
    let similarity = strsim::normalized_levenshtein(a, b);
    (similarity >= 0.9).then(|| {
        (
            0.8 * similarity,
            format!(
                "the names are {:.0} % alike letter by letter",
                similarity * 100.0
            ),
        )
    })
}

/// The findings for `orgs`, most likely first.
// Long because the three blockings (VAT number, name key, rare name word) all feed one map that
// keeps the strongest reason for each pair.
pub fn find(orgs: &[OrgIdentity]) -> Vec<Suspicion> {
    let keys: Vec<BTreeSet<String>> = orgs.iter().map(keys).collect();
    let mut found: BTreeMap<(usize, usize), (f64, String)> = BTreeMap::new();
    let mut note = |i: usize, j: usize, score: f64, reason: String| {
        let pair = (i.min(j), i.max(j));
        let slot = found.entry(pair).or_insert((score, reason.clone()));
        if score > slot.0 {
            *slot = (score, reason);
        }
    };
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_vat: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, org) in orgs.iter().enumerate() {
        for key in &keys[i] {
            by_key.entry(key).or_default().push(i);
            let words: HashSet<&str> = key.split(' ').collect();
            for word in words {
                by_word.entry(word).or_default().push(i);
            }
        }
        for vat in &org.vat_numbers {
            let vat: String = vat
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_uppercase();
            if vat.len() >= 5 {
                by_vat.entry(vat).or_default().push(i);
            }
        }
    }
    for (vat, members) in &by_vat {
        for (x, &i) in members.iter().enumerate() {
            for &j in members[x + 1..].iter().filter(|&&j| j != i) {
                note(i, j, 0.97, format!("both have the VAT number {vat}"));
            }
        }
    }
    for (key, members) in &by_key {
        for (x, &i) in members.iter().enumerate() {
            for &j in members[x + 1..].iter().filter(|&&j| j != i) {
                let score = if same_place(&orgs[i], &orgs[j]) {
                    0.9
                } else {
                    0.7
                };
                note(
                    i,
                    j,
                    score,
                    format!("both are called {key:?} once normalised"),
                );
            }
        }
    }
    let mut compared: HashSet<(usize, usize)> = HashSet::new();
    for members in by_word.values().filter(|m| m.len() <= MAX_BLOCK) {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if i == j || !compared.insert((i.min(j), i.max(j))) {
                    continue;
                }
                if !same_place(&orgs[i], &orgs[j]) {
                    continue;
                }
                let best = keys[i]
                    .iter()
                    .flat_map(|a| keys[j].iter().filter_map(move |b| near(a, b)))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((score, reason)) = best {
                    note(i, j, score, reason);
                }
            }
        }
    }
    let mut out: Vec<Suspicion> = found
        .into_iter()
        .map(|((i, j), (score, reason))| {
            // The organisation with more names (a PIC, say) is the one to keep.
            let (a, b) = if orgs[j].names.len() > orgs[i].names.len() {
                (&orgs[j], &orgs[i])
            } else {
                (&orgs[i], &orgs[j])
            };
            Suspicion {
                score,
                kind: SuspicionKind::PossibleDuplicate,
                label: a.label.clone(),
                iri: a.iri.clone(),
                other: b.label.clone(),
                other_iri: Some(b.iri.clone()),
                reason,
                suggestion: same(a, b),
            }
        })
        .collect();
    out.extend(orgs.iter().flat_map(weak_merges));
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.other.cmp(&b.other))
    });
    out
}

/// The names of an organisation that joined it by a weak rule alone.
fn weak_merges(org: &OrgIdentity) -> Vec<Suspicion> {
    let strong_keys: BTreeSet<String> = org
        .names
        .iter()
        .filter(|n| !matches!(n.rule.as_str(), "shared-projects" | "cordis-name"))
        .map(|n| match_key(&n.name).key)
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for name in &org.names {
        let short = name.name.chars().filter(|c| c.is_alphanumeric()).count() <= 5
            || !name.name.trim().contains(' ');
        let (score, why) = match name.rule.as_str() {
            "shared-projects" => (
                0.6,
                "joined only because it shares projects with this organisation",
            ),
            "cordis-name" if short => (0.55, "joined only by a short name equal to a CORDIS name"),
            _ => continue,
        };
        // A name the organisation also has by a strong rule is not in doubt.
        if strong_keys.contains(&match_key(&name.name).key) || !seen.insert(&name.name) {
            continue;
        }
        out.push(Suspicion {
            score,
            kind: SuspicionKind::WeakMerge,
            label: org.label.clone(),
            iri: org.iri.clone(),
            other: name.name.clone(),
            other_iri: None,
            reason: format!("{:?} in {}: {why}", name.name, name.document),
            suggestion: format!(
                "[[different]]\nname = {}\nnot = {}",
                quoted(&name.name),
                quoted(org.pics.first().unwrap_or(&org.label))
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::listing::NameUse;
    use super::*;

    fn org(
        iri: &str,
        names: &[(&str, &str)],
        city: Option<&str>,
        vat: Option<&str>,
    ) -> OrgIdentity {
        OrgIdentity {
            iri: iri.into(),
            label: names[0].0.into(),
            pics: Vec::new(),
            vat_numbers: vat.into_iter().map(Into::into).collect(),
            cities: city.into_iter().map(Into::into).collect(),
            names: names
                .iter()
                .map(|(name, rule)| NameUse {
                    name: (*name).into(),
                    rule: (*rule).into(),
                    document: "doc".into(),
                    line: Some(1),
                })
                .collect(),
            corrections: Vec::new(),
        }
    }

    #[test]
    fn findings_point_both_ways_and_are_ranked() {
        let orgs = [
            org("a", &[("Malmö Harbour Trust", "cordis-pic")], None, None),
            org("b", &[("Malmo Harbour", "normalised-name")], None, None),
            org(
                "c",
                &[("NORDIC BATTERY WORKS", "cordis-pic")],
                Some("Umeå"),
                Some("SE556677889901"),
            ),
            org(
                "d",
                &[("Nordic Battery Works AB", "cordis-pic")],
                Some("UMEA"),
                Some("se 5566778899-01"),
            ),
            org(
                "e",
                &[("Lindholmen Institute of Design", "cordis-pic")],
                Some("Göteborg"),
                None,
            ),
            org(
                "f",
                &[("Lindholmen Institute of Desing", "cordis-pic")],
                Some("Lund"),
                None,
            ),
            org(
                "g",
                &[
                    ("KARLSTAD ENERGY CLUSTER", "cordis-pic"),
                    ("KEC", "cordis-name"),
                ],
                None,
                None,
            ),
        ];
        let found = find(&orgs);
        let summary: Vec<(String, &str, &str, SuspicionKind)> = found
            .iter()
            .map(|s| {
                (
                    format!("{:.2}", s.score),
                    s.iri.as_str(),
                    s.other.as_str(),
                    s.kind,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                // The VAT number, written two ways, beats the equal key.
                (
                    "0.97".into(),
                    "c",
                    "Nordic Battery Works AB",
                    SuspicionKind::PossibleDuplicate
                ),
                (
                    "0.85".into(),
                    "a",
                    "Malmo Harbour",
                    SuspicionKind::PossibleDuplicate
                ),
                ("0.55".into(), "g", "KEC", SuspicionKind::WeakMerge),
            ],
            "the typo pair is in two cities, so it is not reported: {found:#?}"
        );
        assert_eq!(
            found[1].suggestion,
            "[[same]]\nnames = [\"Malmö Harbour Trust\", \"Malmo Harbour\"]"
        );
    }

    #[test]
    fn near_names_need_a_generic_word_or_a_few_letters() {
        assert!(
            near(
                "stockholm science city foundation",
                "stockholm science city"
            )
            .is_some()
        );
        assert!(
            near(
                "stiftelsen stockholm science city",
                "stockholm science city"
            )
            .is_some()
        );
        assert!(
            near(
                "karolinska institutet science park",
                "karolinska institutet"
            )
            .is_none()
        );
        assert!(near("genomic medicine center", "genomic medicine sweden").is_none());
        assert!(
            near(
                "lindholmen institute of design",
                "lindholmen institute of desing"
            )
            .is_some()
        );
    }
}
