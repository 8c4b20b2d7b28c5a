//! A strategy text → the strategy, its priorities with their evidence, the themes it mentions,
//! and the organisations it names with the relations it states between them.

use super::{GraphWriter, iri, profile::alias};
use crate::ingest::SourceSpec;
use crate::ingest::strategy::{Priority, PriorityKind, RelationKind, Strategy};
use crate::ingest::text;
use crate::model::ThemeId;
use crate::resolve::themes::{ThemeHit, ThemeIndex};
use crate::resolve::{self, Identities};
use crate::vocab::{pg, skos};
use oxigraph::model::NamedNode;
use std::collections::{BTreeMap, HashSet};

// Long because it follows the document from top to bottom (the organisation, then each part in
// the order a strategy gives it), and every part links to the nodes made at the top.
pub fn emit(
    w: &mut GraphWriter,
    spec: &SourceSpec,
    strategy: &Strategy,
    identities: &Identities,
    themes: &ThemeIndex,
    warnings: &mut Vec<String>,
) {
    let lang = spec.language.unwrap_or(strategy.language);
    let node = iri::strategy(&spec.id);
    let document = iri::source_document(&spec.id);
    w.a(&node, pg::REGIONAL_STRATEGY);
    w.add(&node, pg::SOURCE, document.clone());
    if let Some(title) = spec
        .title
        .as_deref()
        .or(strategy.title.as_ref().map(|t| t.value.as_str()))
    {
        w.text(&node, pg::TITLE, title, lang);
    }
    let org_for = |w: &mut GraphWriter, name: &str, line: Option<usize>| -> NamedNode {
        let resolved = identities.organisation(name, &[]);
        let org = iri::organisation(&resolved.key);
        w.a(&org, pg::ORGANISATION);
        alias(w, &org, spec, name, &resolved, line);
        org
    };

    // The manifest's name has no line; the text's has.
    let issuer = match (&spec.organisation, &strategy.issuer) {
        (Some(name), _) => Some((name.clone(), None)),
        (None, Some(found)) => Some((found.value.clone(), Some(found.line.0))),
        (None, None) => None,
    };
    // Outside Sweden a strategy rarely writes `Region X`; its issuer's name then says which
    // region it speaks for (`Regional Council of Brittany`), and a national ministry's strategy
    // speaks for the country its text names.
    let region = spec
        .region
        .clone()
        .or_else(|| strategy.region.as_ref().map(|r| region_of(&r.value)))
        .or_else(|| {
            let (name, _) = issuer.as_ref()?;
            resolve::region_of_body(name).or_else(|| national_country(strategy, name))
        });
    if let Some(region) = &region {
        let region_node = iri::region(region);
        w.a(&region_node, pg::REGION);
        w.text(&region_node, skos::PREF_LABEL, region, lang);
        w.add(&node, pg::FOR_REGION, region_node);
    }
    match &issuer {
        Some((issuer, line)) => {
            let org = org_for(w, issuer, *line);
            w.add(&node, pg::ISSUED_BY, org.clone());
            if let Some(region) = &region {
                w.add(&org, pg::LOCATED_IN, iri::region(region));
            }
        }
        None => warnings.push(
            "the text does not say which region or body it speaks for; declare `organisation` in sources.toml"
                .to_owned(),
        ),
    }

    // The themes the document names by a specific label somewhere: only these may place a
    // priority through a generic word (`business` in a life-science strategy).
    let named_themes: HashSet<ThemeId> = strategy
        .paragraphs
        .iter()
        .flat_map(|p| themes.find_specific(&p.text))
        .map(|hit| hit.theme)
        .collect();
    for (order, priority) in strategy.priorities.iter().enumerate() {
        let p = iri::strategy_part(&node, "priority", order + 1);
        w.a(&p, pg::PRIORITY);
        w.a(
            &p,
            match priority.kind {
                PriorityKind::PriorityArea => pg::PRIORITY_AREA,
                PriorityKind::Commitment => pg::COMMITMENT,
            },
        );
        w.add(&node, pg::HAS_PRIORITY, p.clone());
        w.text(&p, skos::PREF_LABEL, &priority.label, lang);
        w.text(&p, pg::STATEMENT, &priority.statement, lang);
        if let Some(stance) = &priority.stance {
            w.string(&p, pg::STANCE, stance);
        }
        w.integer(&p, pg::LINE, priority.line.0 as i64);
        w.integer(&p, pg::ORDER, order as i64 + 1);
        for hit in priority_themes(priority, themes, &named_themes) {
            w.add(&p, pg::ABOUT_THEME, iri::theme(&hit.theme));
        }
    }

    // One mention per theme: how often the text mentions it, and the first sentence that does.
    let mut mentions: BTreeMap<ThemeId, (usize, String, usize)> = BTreeMap::new();
    for paragraph in &strategy.paragraphs {
        for sentence in text::sentences(&paragraph.text) {
            for hit in themes.find(&sentence) {
                mentions
                    .entry(hit.theme)
                    .and_modify(|m| m.0 += 1)
                    .or_insert((1, sentence.clone(), paragraph.line.0));
            }
        }
    }
    for (theme, (count, sentence, line)) in mentions {
        let m = iri::mention(&document, &theme);
        w.a(&m, pg::THEME_MENTION);
        w.add(&node, pg::MENTIONS, m.clone());
        w.add(&m, pg::ABOUT_THEME, iri::theme(&theme));
        w.text(&m, pg::EVIDENCE, &sentence, lang);
        w.integer(&m, pg::LINE, line as i64);
        w.integer(&m, pg::MENTION_COUNT, count as i64);
    }

    for named in &strategy.organisations {
        let org = org_for(w, &named.name, Some(named.line.0));
        w.add(&node, pg::NAMES, org.clone());
        w.string(&org, pg::ORGANISATION_KIND, named.kind.as_str());
        if let Some(acronym) = &named.acronym {
            w.string(&org, pg::SHORT_NAME, acronym);
        }
    }
    for (index, relation) in strategy.relations.iter().enumerate() {
        let subject = org_for(w, &relation.subject, Some(relation.line.0));
        let object = org_for(w, &relation.object, Some(relation.line.0));
        let r = iri::strategy_part(&node, "relation", index + 1);
        w.a(&r, pg::STATED_RELATION);
        w.add(&node, pg::STATES_RELATION, r.clone());
        w.add(&r, pg::SUBJECT, subject.clone());
        w.add(&r, pg::OBJECT, object.clone());
        w.string(&r, pg::RELATION_KIND, relation.kind.as_str());
        w.text(&r, pg::EVIDENCE, &relation.evidence, lang);
        w.integer(&r, pg::LINE, relation.line.0 as i64);
        match relation.kind {
            RelationKind::CollaboratesWith | RelationKind::AgreementWith => {
                w.add(&subject, pg::COLLABORATES_WITH, object);
            }
            RelationKind::MemberOf | RelationKind::PartOf => {
                w.add(&subject, pg::MEMBER_OF, object);
            }
            RelationKind::ManagedBy | RelationKind::ProjectOwner | RelationKind::ProjectParty => {}
        }
    }
    if strategy.priorities.is_empty() {
        warnings.push("no priority areas or commitments were recognised in the text".to_owned());
    }
}

/// The country a national ministry's strategy speaks for: the one its text names most, title and
/// lines dropped as running headers included (`RIS3 of Latvia` atop every page may be all it says).
fn national_country(strategy: &Strategy, issuer: &str) -> Option<String> {
    if !resolve::is_national_body(issuer) {
        return None;
    }
    let title = strategy.title.as_ref().map(|t| t.value.as_str());
    let paragraphs = strategy.paragraphs.iter().map(|p| p.text.as_str());
    let dropped = strategy.dropped.iter().map(|d| d.text.as_str());
    resolve::country_named_most(title.into_iter().chain(paragraphs).chain(dropped))
        .map(str::to_owned)
}

/// The region a body is named after: "Region Örebro län" speaks for "Örebro län", "Free State
/// of Saxony" for "Saxony".
fn region_of(body: &str) -> String {
    ["Region ", "Free State of "]
        .iter()
        .find_map(|p| body.strip_prefix(p))
        .unwrap_or(body)
        .to_owned()
}

/// The themes of a priority. A priority area is about what its name says: the themes its label
/// names (not through a generic head word such as the `industry` of `Smart industry`, see
/// [`ThemeIndex::find_in_name`]; in a name, or the first part of one, that no label places, a bare
/// word that heads a theme's name, `Health`, names that theme, see
/// [`ThemeIndex::find_conjuncts`]), and those of its description that refine one of
/// them, one step down the scheme (`visitor services` under `Sustainable tourism`, `medical
/// devices` under `Health care industry`); other themes of a description are examples
/// (`packaging machinery` under `Agri-food system`, `digital care` two steps under health), not
/// what the area is. Only an area whose name places it nowhere is placed by its description. A
/// commitment is placed by its heading and statement.
///
/// A generic word (`industry`, `company`: a theme's label that its preferred label narrows to one
/// domain) counts only in the name, and only if the document names that theme specifically
/// somewhere (`named_themes`): `Digitalisation of industry` in a general strategy is not
/// life-science business. A description's words must be specific.
fn priority_themes(
    priority: &Priority,
    themes: &ThemeIndex,
    named_themes: &HashSet<ThemeId>,
) -> Vec<ThemeHit> {
    let corroborated = |text: &str, hits: Vec<ThemeHit>| -> Vec<ThemeHit> {
        let specific: HashSet<ThemeId> = themes
            .find_specific(text)
            .into_iter()
            .map(|h| h.theme)
            .collect();
        hits.into_iter()
            .filter(|h| specific.contains(&h.theme) || named_themes.contains(&h.theme))
            .collect()
    };
    if priority.kind == PriorityKind::Commitment {
        return corroborated(&priority.own_text, themes.find(&priority.own_text));
    }
    let described = themes.find_specific(&priority.own_text);
    let mut named = corroborated(&priority.label, themes.find_in_name(&priority.label));
    let bare = themes.find_conjuncts(&priority.label);
    // The first part of a name leads it: when no label places it, its bare word heading a
    // theme's name (the `Health` of `Health and quality of life`) names that theme, as `Health`
    // alone does. Later parts are often partners or means (`… healthcare, academia and
    // industry`, `artificial intelligence and data`), and a bare word does not open the
    // description's refinements.
    let leading: Vec<ThemeHit> = bare
        .iter()
        .filter(|b| b.start == 0)
        .filter(|b| !named.iter().any(|n| n.start < b.matched.len()))
        .cloned()
        .collect();
    if named.is_empty() {
        named = bare;
    }
    if named.is_empty() {
        return described;
    }
    for hit in described {
        let refines = named.iter().any(|n| {
            themes
                .get(&hit.theme)
                .is_some_and(|e| e.broader.contains(&n.theme))
        });
        if refines && named.iter().all(|n| n.theme != hit.theme) {
            named.push(hit);
        }
    }
    for hit in leading {
        if named.iter().all(|n| n.theme != hit.theme) {
            named.push(hit);
        }
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Line;

    #[test]
    fn a_name_that_places_an_area_is_not_outvoted_by_its_description() {
        let themes = ThemeIndex::new(crate::rdf::builtin_themes());
        let area = |label: &str, description: &str| Priority {
            kind: PriorityKind::PriorityArea,
            label: label.to_owned(),
            statement: description.to_owned(),
            stance: None,
            line: Line(1),
            own_text: format!("{label}. {description}"),
        };
        let ids = |p: &Priority| -> Vec<String> {
            priority_themes(p, &themes, &HashSet::new())
                .into_iter()
                .map(|h| h.theme.to_string())
                .collect()
        };
        let mobility = area("Mobility", "Vehicle construction and rail technology.");
        assert_eq!(ids(&mobility), ["transport"]);
        // A name that places nothing is placed by its description.
        let unnamed = area("Future fields", "Vehicle construction and rail technology.");
        assert_eq!(ids(&unnamed), ["construction"]);
        // A name's first part that no label places is placed by its bare word, as alone.
        let health = area(
            "Health and quality of life",
            "Telemedicine for rural areas.",
        );
        assert!(ids(&health).contains(&"health-life-science".to_owned()));
        // A later part names partners, not the area's theme.
        let partners = area(
            "Collaboration between healthcare, academia and industry",
            "Joint projects.",
        );
        assert!(!ids(&partners).contains(&"industry-manufacturing".to_owned()));
    }
}
