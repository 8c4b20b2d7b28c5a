//! The report as one self-contained HTML page for non-technical readers: a summary band with
//! the key numbers and both pictures first, then the sections in reading order. Inline CSS and
//! SVG only, no script, nothing fetched: the file can be mailed, archived and printed as is.
//! maud escapes every piece of text, so names like `Research & Co <Ltd>` need no care here.

use super::{
    CANDIDATES, GAPS, Glance, PEERS, PICTURES, PRIORITIES, PROFILE, ProximityText, SCORING_TITLE,
    SECTIONS, STRENGTHS, Section, anchor, citation, cordis_url, countries_summary, euro,
    euro_or_unknown, expertise_list, gap_kind, is_quotation, levels, list_or_none, number,
    or_unknown, org_inline, org_meta, plural, role_name, roles_summary, score_breakdown,
    score_part, sources, stated_figures, svg, years,
};
use crate::report::SCORE_WEIGHTS;
use crate::report::model::{Candidate, Evidence, Gap, GapReport, OrgRef, Profile, ThemeRef};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The page's stylesheet, inlined so the page stays one file.
const CSS: &str = include_str!("report.css");

pub(super) fn render(report: &GapReport) -> String {
    let subject = &report.profile.organisation.label;
    let coverage = PreEscaped(svg::coverage_chart(&report.coverage_chart));
    let network = PreEscaped(svg::ego_network(&report.ego));
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(report.generator);
                title { "Partnership gaps: " (subject) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { "Skip to the report" }
                (masthead(report))
                main #main {
                    (limitations(report))
                    (summary(report, &coverage, &network))
                    (profile(report))
                    (priorities(report))
                    (gaps(report))
                    (candidates(report))
                    (strengths(report))
                    (peers(report))
                    (pictures(&coverage, &network))
                }
                (footer(report))
            }
        }
    };
    page.into_string()
}

fn section(section: &Section, body: Markup) -> Markup {
    html! {
        section.section id=(section.id) aria-labelledby=(format!("{}-h", section.id)) {
            div.wrap {
                h2 id=(format!("{}-h", section.id)) { (section.title) }
                (body)
            }
        }
    }
}

/// The citation, with the full source in its tooltip; documents link to the sources list,
/// CORDIS records to their CORDIS page.
fn cite(evidence: &Evidence) -> Markup {
    let target = match &evidence.cordis_project {
        Some(id) => cordis_url(id),
        None => format!("#{}", anchor("source", &evidence.source)),
    };
    html! {
        cite title=(super::source_name(evidence)) { a href=(target) { (citation(evidence)) } }
    }
}

/// A quotation as a blockquote with its citation; a CORDIS record as one line with its link.
fn evidence(evidence: &Evidence) -> Markup {
    html! {
        @if is_quotation(evidence) {
            figure.quote {
                blockquote { p { (evidence.quote) } }
                figcaption { "— " (cite(evidence)) }
            }
        } @else {
            p.record { (evidence.quote) " · " (cite(evidence)) }
        }
    }
}

/// A short quotation inline, with its citation, where a blockquote would crowd the layout.
fn quoted(evidence: &Evidence) -> Markup {
    html! {
        @if is_quotation(evidence) { q { (evidence.quote) } " — " }
        (cite(evidence))
    }
}

/// "Biobanks (Biobanker)", the Swedish label marked as Swedish for screen readers.
fn theme(theme: &ThemeRef) -> Markup {
    html! {
        (theme.label_en)
        @if let Some(sv) = theme.label_sv.as_ref().filter(|sv| **sv != theme.label_en) {
            " " span.sv lang="sv" { "(" (sv) ")" }
        }
    }
}

fn chips<S: AsRef<str>>(items: &[S]) -> Markup {
    html! {
        @if items.is_empty() {
            span.none { "none" }
        } @else {
            ul.chips { @for item in items { li { (item.as_ref()) } } }
        }
    }
}

fn level_badge(level: &str) -> Markup {
    html! { span class=(format!("badge {}", anchor("level", level))) { (level) } }
}

/// Expertise pairs with their level as badges.
fn expertise(items: &[(String, String)]) -> Markup {
    html! {
        @if items.is_empty() {
            span.none { "none" }
        } @else {
            ul.plain {
                @for (name, level) in items { li { (name) " " (level_badge(level)) } }
            }
        }
    }
}

fn org_cell(org: &OrgRef) -> Markup {
    let meta = org_meta(org);
    html! {
        strong.org { (org.label) }
        @if !meta.is_empty() { br; span.meta { (meta) } }
    }
}

fn masthead(report: &GapReport) -> Markup {
    html! {
        header.masthead {
            div.wrap {
                p.kicker { "Partnership-gap report" }
                h1 { (report.profile.organisation.label) }
                p.generated {
                    "Generated by " (report.generator) " · store generation " (report.generation)
                }
                nav.toc aria-label="Contents" {
                    ol {
                        @for s in SECTIONS { li { a href=(format!("#{}", s.id)) { (s.title) } } }
                    }
                }
            }
        }
    }
}

fn limitations(report: &GapReport) -> Markup {
    html! {
        @if !report.limitations.is_empty() {
            div.wrap {
                aside.limitations aria-labelledby="limitations-h" {
                    h2 #limitations-h { "Limitations" }
                    ul { @for l in &report.limitations { li { (l) } } }
                }
            }
        }
    }
}

fn tile(label: &str, value: &str, unit: &str, detail: &str) -> Markup {
    html! {
        div.tile {
            dt { (label) }
            dd.value { (value) @if !unit.is_empty() { " " span.unit { (unit) } } }
            @if !detail.is_empty() { dd.detail { (detail) } }
        }
    }
}

fn summary(report: &GapReport, coverage: &Markup, network: &Markup) -> Markup {
    let glance = Glance::of(report);
    let top_countries: Vec<String> = report
        .profile
        .partner_countries
        .iter()
        .take(3)
        .map(|(code, n)| format!("{} {n}", super::country_name(code)))
        .collect();
    let (amount, unit) = super::euro_parts(glance.ec_contribution);
    let count = |n: usize| number(n as f64);
    html! {
        section.summary aria-labelledby="glance-h" {
            div.wrap {
                h2 #glance-h { "At a glance" }
                dl.tiles {
                    (tile("Projects", &count(glance.projects), "", &roles_summary(&report.profile)))
                    (tile("EC contribution", &amount, unit, &euro_or_unknown(glance.ec_contribution)))
                    (tile("Partners", &count(glance.partners), "", "organisations we share projects with"))
                    (tile("Partner countries", &count(glance.countries), "", &top_countries.join(" · ")))
                    (tile("Gaps", &count(glance.missing + glance.weak), "", &glance.gaps_detail()))
                    (tile("Candidates", &count(glance.candidates), "", "who could close the gaps"))
                }
                div.figures {
                    figure.chart {
                        (coverage)
                        figcaption {
                            "What the strategy asks for (orange) against our projects and \
                             expertise (blue, green), theme by theme."
                        }
                    }
                    figure.chart {
                        (network)
                        figcaption {
                            "Our partners on the inner ring, candidates to close the gaps on \
                             the outer ring."
                        }
                    }
                }
            }
        }
    }
}

fn profile(report: &GapReport) -> Markup {
    let profile = &report.profile;
    let org = &profile.organisation;
    let meta = org_meta(org);
    let roles = roles_summary(profile);
    let countries = countries_summary(profile);
    section(
        &PROFILE,
        html! {
            div.identity {
                p.org-name {
                    strong { (org.label) }
                    @if !meta.is_empty() { " " span.meta { (meta) } }
                }
                @if !profile.aliases.is_empty() {
                    p.aliases {
                        "Also known as: "
                        @for (i, alias) in profile.aliases.iter().enumerate() {
                            @if i > 0 { " · " }
                            span.alias { (alias) }
                        }
                    }
                }
            }
            dl.facts {
                div {
                    dt { "Projects" }
                    dd { strong { (profile.projects.len()) } @if !roles.is_empty() { " — " (roles) } }
                }
                div { dt { "EC contribution" } dd { strong { (euro_or_unknown(profile.ec_contribution)) } } }
                div { dt { "Partners" } dd { strong { (profile.partners.len()) } } }
                div {
                    dt { "Partner countries" }
                    dd {
                        strong { (profile.partner_countries.len()) }
                        @if !countries.is_empty() { " — " (countries) }
                    }
                }
            }
            (profile_stated(profile))
            (profile_projects(profile))
            (profile_expertise(profile))
            (profile_partners(profile))
        },
    )
}

/// The profile's own figures beside what the graph counts.
fn profile_stated(profile: &Profile) -> Markup {
    let stated = stated_figures(profile);
    html! {
        @if !stated.is_empty() {
            h3 { "Figures the profile states" }
            p.lede {
                "The profile document's own figures beside what the graph counts. Sources \
                 differ in date and scope; where the numbers differ, both are shown."
            }
            table.data {
                thead { tr {
                    th scope="col" { "Figure" }
                    th.num scope="col" { "The profile states" }
                    th.num scope="col" { "The graph counts" }
                    th scope="col" { "Source" }
                } }
                tbody {
                    @for s in &stated {
                        tr {
                            th scope="row" { (s.name) }
                            td.num { (s.stated) }
                            td.num {
                                (s.counted)
                                @if s.differs { " " span.badge.differs { "differs" } }
                            }
                            td { (quoted(s.evidence)) }
                        }
                    }
                }
            }
        }
    }
}

fn profile_projects(profile: &Profile) -> Markup {
    html! {
        h3 { "Projects" }
        @if profile.projects.is_empty() {
            p.empty { "No projects in the data." }
        } @else {
            table.data {
                thead { tr {
                    th scope="col" { "Project" }
                    th scope="col" { "Role" }
                    th scope="col" { "Years" }
                    th.num scope="col" { "EC contribution" }
                    th scope="col" { "Themes" }
                    th scope="col" { "Source" }
                } }
                tbody {
                    @for p in &profile.projects {
                        tr {
                            th scope="row" {
                                strong { (p.acronym) }
                                @if let Some(title) = &p.title { br; span.meta { (title) } }
                            }
                            td { (p.role.as_deref().map(role_name).unwrap_or("")) }
                            td.nowrap { (years(p)) }
                            td.num { (p.ec_contribution.map(euro).unwrap_or_default()) }
                            td { (chips(&super::theme_list(&p.themes))) }
                            td { @for e in &p.evidence { (cite(e)) br; } }
                        }
                    }
                }
            }
        }
    }
}

/// Expertise areas by level, then focus over time.
fn profile_expertise(profile: &Profile) -> Markup {
    html! {
        h3 { "Expertise" }
        @if profile.expertise.is_empty() {
            p.empty { "No expertise areas in the data." }
        } @else {
            ul.cards {
                @for level in levels(profile) {
                    @for e in profile.expertise.iter().filter(|e| e.level == level) {
                        li.card.expertise {
                            p.card-head { (level_badge(level)) " " strong { (e.name) } }
                            p.small {
                                @let n = e.project_count.unwrap_or(e.projects.len() as u64);
                                (plural(n, "project", "projects"))
                                @if !e.projects.is_empty() { ": " (e.projects.join(", ")) }
                            }
                            (chips(&super::theme_list(&e.themes)))
                            p.source { (quoted(&e.evidence)) }
                        }
                    }
                }
            }
        }
        @if profile.early_focus.is_some() || profile.recent_focus.is_some() {
            h3 { "Focus over time" }
            div.focus {
                div { span.label { "Early" } p { (or_unknown(profile.early_focus.as_deref())) } }
                span.arrow aria-hidden="true" { "→" }
                div { span.label { "Recent" } p { (or_unknown(profile.recent_focus.as_deref())) } }
            }
        }
    }
}

fn profile_partners(profile: &Profile) -> Markup {
    html! {
        h3 { "Partners" }
        @if profile.partners.is_empty() {
            p.empty { "No partners in the data." }
        } @else {
            table.data.compact {
                thead { tr {
                    th scope="col" { "Partner" }
                    th scope="col" { "Country, type" }
                    th scope="col" { "Shared projects" }
                } }
                tbody {
                    @for p in &profile.partners {
                        tr {
                            th scope="row" { (p.organisation.label) }
                            td { (org_meta(&p.organisation)) }
                            td { (list_or_none(&p.shared_projects)) }
                        }
                    }
                }
            }
        }
    }
}

fn priorities(report: &GapReport) -> Markup {
    section(
        &PRIORITIES,
        html! {
            @if report.strategies.is_empty() {
                p.empty { "No strategy in the data, so no priority could be read." }
            } @else {
                p.lede { "Strategies considered:" }
                ul.plain.strategies {
                    @for (id, title) in &report.strategies {
                        li { strong { (title) } " " span.meta { "(" (id) ")" } }
                    }
                }
            }
            div.priorities {
                @for priority in &report.priorities {
                    article.card.priority {
                        h3 { (theme(&priority.theme)) }
                        @for statement in &priority.statements {
                            div.statement {
                                p.statement-label {
                                    strong { (statement.label) } " "
                                    span.badge.kind { (statement.kind) }
                                }
                                (evidence(&statement.evidence))
                            }
                        }
                    }
                }
            }
            @if !report.priorities_without_theme.is_empty() {
                article.card.priority.unplaced {
                    h3 { "Priorities without a theme" }
                    p.meta {
                        "No theme of the vocabulary places these priorities, so they are not \
                         compared with projects below; read them here."
                    }
                    @for statement in &report.priorities_without_theme {
                        div.statement {
                            p.statement-label {
                                strong { (statement.label) } " "
                                span.badge.kind { (statement.kind) }
                            }
                            (evidence(&statement.evidence))
                        }
                    }
                }
            }
        },
    )
}

fn gaps(report: &GapReport) -> Markup {
    section(
        &GAPS,
        html! {
            @if report.gaps.is_empty() {
                p.empty {
                    "No gap: every theme the strategy prioritises has projects or expertise."
                }
            } @else {
                p.lede {
                    "Themes the strategy prioritises that our projects and partners do not cover, \
                     most pressing first."
                }
                ol.gaps {
                    @for (rank, gap) in report.gaps.iter().enumerate() {
                        (gap_card(rank + 1, gap))
                    }
                }
            }
        },
    )
}

fn gap_card(rank: usize, gap: &Gap) -> Markup {
    let kind = gap_kind(gap.kind);
    let coverage = &gap.coverage;
    html! {
        li class=(format!("card gap {kind}")) id=(anchor("gap", &gap.theme.id)) {
            div.gap-head {
                span.rank aria-hidden="true" { (rank) }
                h3 { span.vh { "Gap " (rank) ": " } (theme(&gap.theme)) }
                span class=(format!("badge {kind}")) { (kind) }
                span.weight {
                    "priority weight " strong { (gap.priority_weight) }
                    span.dots aria-hidden="true" {
                        @for _ in 0..gap.priority_weight.min(10) { "●" }
                    }
                }
            }
            dl.coverage {
                div { dt { "Our projects in the theme" } dd { (chips(&coverage.projects)) } }
                div { dt { "Our expertise in the theme" } dd { (expertise(&coverage.expertise)) } }
                div {
                    dt { "Our partners active in the theme" }
                    dd { (chips(&coverage.partners_active)) }
                }
            }
            div.evidence {
                h4 { "What the strategy says" }
                @for e in &gap.evidence { (evidence(e)) }
            }
            p.more {
                a href=(format!("#{}", anchor("candidates", &gap.theme.id))) {
                    (plural(gap.candidates.len() as u64, "candidate", "candidates"))
                    " who could close it ↓"
                }
            }
        }
    }
}

/// The weighted parts of a score as a stacked bar, so the reader sees what drives it.
fn score_bar(candidate: &Candidate) -> Markup {
    let breakdown = score_breakdown(&candidate.parts);
    html! {
        span.score {
            span.score-num { (format!("{:.2}", candidate.score)) }
            span.scorebar role="img" title=(breakdown)
                aria-label=(format!("score {:.2} of 1: {breakdown}", candidate.score)) {
                @for (i, (name, weight)) in SCORE_WEIGHTS.iter().enumerate() {
                    @let part = score_part(&candidate.parts, name).clamp(0.0, 1.0);
                    @let width = 100.0 * weight * part;
                    span class=(format!("seg seg-{i}")) style=(format!("width:{width:.1}%")) {}
                }
            }
        }
    }
}

fn candidates(report: &GapReport) -> Markup {
    section(
        &CANDIDATES,
        html! {
            aside.method aria-labelledby="scoring-h" {
                h3 #scoring-h { (SCORING_TITLE) }
                p.formula {
                    "score = "
                    @for (i, (name, weight)) in SCORE_WEIGHTS.iter().enumerate() {
                        @if i > 0 { " + " }
                        span.term {
                            span class=(format!("swatch seg-{i}")) aria-hidden="true" {}
                            (weight) " × " (name)
                        }
                    }
                    span.meta { " (each part from 0 to 1; the bar shows the three parts)" }
                }
                @if !report.method.is_empty() {
                    ul { @for line in &report.method { li { (line) } } }
                }
            }
            @if report.gaps.is_empty() {
                p.empty { "No gap, so no candidates." }
            }
            @for (rank, gap) in report.gaps.iter().enumerate() {
                div.gap-candidates id=(anchor("candidates", &gap.theme.id)) {
                    h3 {
                        span.rank-inline { "Gap " (rank + 1) } " " (theme(&gap.theme))
                    }
                    @if gap.candidates.is_empty() {
                        p.empty { "No candidate found in the data for this theme." }
                    } @else {
                        table.data.candidates {
                            caption.vh { "Candidates for " (gap.theme.label_en) }
                            thead { tr {
                                th scope="col" { "Organisation" }
                                th scope="col" { "Score" }
                                th scope="col" { "Proximity" }
                                th scope="col" { "Theme projects" }
                                th scope="col" { "Why" }
                            } }
                            tbody {
                                @for c in &gap.candidates {
                                    @let proximity = ProximityText::of(&c.proximity);
                                    tr {
                                        th scope="row" { (org_cell(&c.organisation)) }
                                        td { (score_bar(c)) }
                                        td {
                                            span class=(format!("badge prox-{}", proximity.class)) {
                                                (proximity.badge)
                                            }
                                            @if let Some(detail) = &proximity.detail {
                                                br; span.meta { (detail) }
                                            }
                                        }
                                        td {
                                            (chips(&c.theme_projects))
                                            @if !c.theme_expertise.is_empty() {
                                                @let expertise = expertise_list(&c.theme_expertise);
                                                p.small { "Expertise: " (list_or_none(&expertise)) }
                                            }
                                        }
                                        td.why { ul { @for w in &c.why { li { (w) } } } }
                                    }
                                }
                            }
                        }
                    }
                    p.back {
                        a href=(format!("#{}", anchor("gap", &gap.theme.id))) { "↑ Back to the gap" }
                    }
                }
            }
        },
    )
}

fn strengths(report: &GapReport) -> Markup {
    section(
        &STRENGTHS,
        html! {
            @if report.strengths.is_empty() {
                p.empty {
                    "None: no theme is strong in projects or expertise without being in the \
                     strategy."
                }
            } @else {
                p.lede {
                    "Themes strong in projects or expertise that the strategy does not mention."
                }
                table.data {
                    thead { tr {
                        th scope="col" { "Theme" }
                        th scope="col" { "Projects" }
                        th scope="col" { "Expertise" }
                    } }
                    tbody {
                        @for s in &report.strengths {
                            tr {
                                th scope="row" { (theme(&s.theme)) }
                                td { (chips(&s.projects)) }
                                td { (expertise(&s.expertise)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn peers(report: &GapReport) -> Markup {
    section(
        &PEERS,
        html! {
            @if report.peers.is_empty() {
                p.empty { "No organisation with a similar profile in the data." }
            } @else {
                p.lede { "Organisations whose themes resemble ours (similarity from 0 to 1)." }
                table.data {
                    thead { tr {
                        th scope="col" { "Organisation" }
                        th scope="col" { "Similarity" }
                        th scope="col" { "Covers themes we don't" }
                        th scope="col" { "Their partners we never worked with" }
                    } }
                    tbody {
                        @for p in &report.peers {
                            tr {
                                th scope="row" { (org_cell(&p.organisation)) }
                                td {
                                    span.score {
                                        span.score-num { (format!("{:.2}", p.similarity)) }
                                        span.scorebar aria-hidden="true" {
                                            @let width = 100.0 * p.similarity.clamp(0.0, 1.0);
                                            span.seg.seg-1 style=(format!("width:{width:.1}%")) {}
                                        }
                                    }
                                }
                                td { (chips(&super::theme_list(&p.covers))) }
                                td {
                                    @if p.new_partners.is_empty() {
                                        span.none { "none" }
                                    } @else {
                                        ul.plain {
                                            @for o in &p.new_partners { li { (org_inline(o)) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn pictures(coverage: &Markup, network: &Markup) -> Markup {
    section(
        &PICTURES,
        html! {
            div.pictures-full {
                figure.chart.large {
                    (coverage)
                    figcaption {
                        strong { "Coverage by theme. " }
                        "For each theme, the orange bar counts the strategy's statements about it; \
                         the blue and green bars count our projects and expertise areas in it. A long \
                         orange bar with short blue and green ones is a gap; the reverse is an \
                         untapped strength. Hover a bar for its numbers."
                    }
                }
                figure.chart.large {
                    (network)
                    figcaption {
                        strong { "Partner network. " }
                        "We are in the centre, our partners on the inner ring, candidates to close \
                         the gaps on the outer ring. A line joins two organisations that share \
                         projects; the thicker the line, the more projects. Hover a circle for the \
                         full name."
                    }
                }
            }
            p.print-only { "The pictures are printed with the summary at the start of the report." }
        },
    )
}

fn footer(report: &GapReport) -> Markup {
    let sources = sources(report);
    html! {
        footer.sources {
            div.wrap {
                h2 { "Sources" }
                @if sources.is_empty() {
                    p { "No sources cited." }
                } @else {
                    ul {
                        @for (id, title) in &sources {
                            li id=(anchor("source", id)) {
                                strong { (id) }
                                @if let Some(title) = title { " — " (title) }
                            }
                        }
                    }
                }
                p.small {
                    "Quotations cite their document and line; CORDIS records link to their page \
                     on cordis.europa.eu."
                }
                p.small {
                    "Generated by " (report.generator) " · store generation " (report.generation)
                }
            }
        }
    }
}
