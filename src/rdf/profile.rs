//! An organisation profile → its organisation, expertise areas, projects and highlights.

use super::{GraphWriter, iri, link_themes};
use crate::ingest::SourceSpec;
use crate::ingest::profile::{CountedProgramme, Profile};
use crate::model::{Lang, Pic, ProjectAcronym};
use crate::resolve::themes::ThemeIndex;
use crate::resolve::{Identities, IdentityRule, ResolvedOrg};
use crate::vocab::{pg, skos};
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;

// Long because it follows the document from top to bottom (the organisation, then each part in
// the order a profile gives it), and every part links to the nodes made at the top.
pub fn emit(
    w: &mut GraphWriter,
    spec: &SourceSpec,
    profile: &Profile,
    identities: &Identities,
    themes: &ThemeIndex,
    warnings: &mut Vec<String>,
) {
    let lang = spec.language.unwrap_or(Lang::En);
    let document = iri::source_document(&spec.id);
    let mut acronyms: BTreeSet<&ProjectAcronym> = BTreeSet::new();
    for area in &profile.expertise {
        acronyms.extend(&area.projects);
    }
    acronyms.extend(profile.notable_projects.iter().map(|p| &p.acronym));
    let acronym_list: Vec<ProjectAcronym> = acronyms.iter().map(|a| (*a).clone()).collect();

    let legal_name = profile.legal_name.value.as_str();
    let by_name = identities.organisation(legal_name, &acronym_list);
    // A PIC on the page is CORDIS's own key for the organisation, whatever the page calls it
    // (`NORRSKOGEN FODERTEKNIK AB` for CORDIS's `NORRSKOGEN FODER AKTIEBOLAG`).
    let resolved = match profile.pic.as_ref().map(|pic| Pic::new(pic.value.as_str())) {
        Some(pic) if identities.knows_pic(&pic) => ResolvedOrg {
            key: identities.cordis_organisation(&pic),
            name_key: by_name.name_key,
            rule: IdentityRule::CordisPic,
        },
        _ => by_name,
    };
    if identities.is_ambiguous(&resolved) {
        warnings.push(format!(
            "several CORDIS organisations are called {legal_name:?} and none shares this profile's projects; the profile's organisation is kept apart"
        ));
    }
    let org = iri::organisation(&resolved.key);
    w.a(&org, pg::ORGANISATION);
    w.add(&org, pg::SOURCE, document.clone());
    w.string(&org, pg::LEGAL_NAME, legal_name);
    alias(
        w,
        &org,
        spec,
        legal_name,
        &resolved,
        Some(profile.legal_name.line.0),
    );
    if let Some(name) = &profile.english_name {
        w.string(&org, pg::ENGLISH_NAME, &name.value);
        let english = identities.organisation(&name.value, &acronym_list);
        if english.key == resolved.key {
            alias(w, &org, spec, &name.value, &english, Some(name.line.0));
        } else {
            warnings.push(format!(
                "line {}: the profile calls {legal_name:?} {:?}, which the identity rules do not relate; kept as a label only",
                name.line.0, name.value
            ));
            w.string(&org, skos::ALT_LABEL, &name.value);
        }
    }
    let texts = [
        (pg::SUMMARY, &profile.summary),
        (pg::DESCRIPTION, &profile.core_work),
        (pg::EARLY_FOCUS, &profile.early_focus),
        (pg::RECENT_FOCUS, &profile.recent_focus),
        (pg::TRAJECTORY, &profile.trajectory),
        (pg::OUTLOOK, &profile.outlook),
        (pg::COLLABORATION_PROFILE, &profile.collaboration_text),
        (pg::PARTNER_VALUE, &profile.why_partner),
        (pg::ANALYSIS_NOTE, &profile.analysis_note),
    ];
    for (property, value) in texts {
        if let Some(value) = value {
            w.text(&org, property, &value.value, lang);
        }
    }
    for (property, value) in [
        (pg::ORGANISATION_TYPE, &profile.org_type),
        (pg::SECTOR, &profile.sector),
        (pg::COLLABORATION_ROLE, &profile.collaboration_role),
        (pg::REACH, &profile.reach),
    ] {
        if let Some(value) = value {
            w.string(&org, property, &value.value);
        }
    }
    if let Some(country) = &profile.country {
        let node = iri::country(&country.value);
        w.a(&node, pg::COUNTRY);
        w.string(&node, pg::COUNTRY_CODE, country.value.as_str());
        w.add(&org, pg::HAS_COUNTRY, node);
    }
    if let Some(quality) = &profile.data_quality {
        w.string(&org, pg::DATA_QUALITY, &quality.value.label);
        w.integer(&org, pg::DATA_QUALITY_SCORE, i64::from(quality.value.score));
    }
    // A count the page labels for another programme is not an H2020 count.
    for counted in &profile.project_counts {
        let property = match counted.programme {
            CountedProgramme::H2020 => pg::H2020_PROJECT_COUNT,
            CountedProgramme::HorizonEurope => pg::HORIZON_EUROPE_PROJECT_COUNT,
            CountedProgramme::Fp7 => pg::FP7_PROJECT_COUNT,
        };
        w.integer(&org, property, i64::from(counted.count.value));
    }
    for (property, value) in [
        (pg::COORDINATED_PROJECT_COUNT, &profile.coordinated),
        (pg::UNIQUE_PARTNER_COUNT, &profile.unique_partners),
        (
            pg::COLLABORATING_COUNTRY_COUNT,
            &profile.countries_collaborated,
        ),
    ] {
        if let Some(value) = value {
            w.integer(&org, property, i64::from(value.value));
        }
    }
    if let Some(funding) = &profile.ec_funding_eur {
        w.decimal(&org, pg::EC_FUNDING, funding.value);
    }
    for capability in &profile.capabilities {
        w.text(&org, pg::CAPABILITY, &capability.value, lang);
    }
    for (property, value) in [
        (pg::CITY, &profile.city),
        (pg::PIC, &profile.pic),
        (pg::VAT_NUMBER, &profile.vat_number),
        (pg::HOMEPAGE, &profile.website),
    ] {
        if let Some(value) = value {
            w.string(&org, property, &value.value);
        }
    }
    for keyword in &profile.keywords {
        w.string(&org, pg::KEYWORD, &keyword.value);
    }

    for area in &profile.expertise {
        let node = iri::expertise(&org, &spec.id, &area.name);
        w.a(&node, pg::EXPERTISE_AREA);
        w.add(&org, pg::HAS_EXPERTISE, node.clone());
        w.text(&node, skos::PREF_LABEL, &area.name, lang);
        w.string(&node, pg::LEVEL, area.level.as_str());
        w.integer(&node, pg::PROJECT_COUNT, i64::from(area.project_count));
        w.text(&node, pg::DESCRIPTION, &area.description, lang);
        w.integer(&node, pg::LINE, area.line.0 as i64);
        for acronym in &area.projects {
            let project = project(w, acronym, &org, &resolved, identities);
            w.add(&node, pg::EVIDENCED_BY, project);
        }
        link_themes(
            w,
            &node,
            &format!("{}. {}", area.name, area.description),
            themes,
        );
    }
    for highlight in &profile.notable_projects {
        let node = iri::highlight(&org, &spec.id, highlight.acronym.as_str());
        let project = project(w, &highlight.acronym, &org, &resolved, identities);
        w.a(&node, pg::PROJECT_HIGHLIGHT);
        w.add(&org, pg::HAS_HIGHLIGHT, node.clone());
        w.add(&node, pg::IN_PROJECT, project);
        w.text(&node, pg::DESCRIPTION, &highlight.description, lang);
        w.integer(&node, pg::LINE, highlight.line.0 as i64);
        if let Some(funding) = highlight.funding_eur {
            w.decimal(&node, pg::EC_FUNDING, funding);
        }
        if let Some(year) = highlight.start_year {
            w.year(&node, pg::START_YEAR, year);
        }
        if let Some(year) = highlight.end_year {
            w.year(&node, pg::END_YEAR, year);
        }
    }
    for warning in &profile.warnings {
        warnings.push(format!("line {}: {}", warning.line.0, warning.message));
    }
}

/// The project node of an acronym the profile names, and the organisation's participation in it.
fn project(
    w: &mut GraphWriter,
    acronym: &ProjectAcronym,
    org: &NamedNode,
    resolved: &ResolvedOrg,
    identities: &Identities,
) -> NamedNode {
    let project = iri::project(&identities.project(acronym, Some(resolved)));
    w.a(&project, pg::PROJECT);
    w.string(&project, pg::ACRONYM, acronym.as_str());
    let participation = iri::participation(&project, org);
    w.a(&participation, pg::PARTICIPATION);
    w.add(&participation, pg::ROLE_OF, org.clone());
    w.add(&participation, pg::IN_PROJECT, project.clone());
    project
}

/// Records a name the document uses for an organisation, the rule that resolved it and the lines
/// it is read from (none for a name the manifest gives).
pub fn alias(
    w: &mut GraphWriter,
    org: &NamedNode,
    spec: &crate::ingest::SourceSpec,
    name: &str,
    resolved: &ResolvedOrg,
    line: Option<usize>,
) {
    let node = iri::alias(org, &spec.id, name);
    w.string(org, skos::ALT_LABEL, name);
    w.a(&node, pg::ALIAS);
    w.add(org, pg::HAS_ALIAS, node.clone());
    w.string(&node, pg::LABEL, name);
    w.string(&node, pg::MATCH_KEY, &resolved.name_key.key);
    w.string(&node, pg::IDENTITY_RULE, resolved.rule.as_str());
    if let Some(line) = line {
        w.integer(&node, pg::LINE, line as i64);
    }
}
