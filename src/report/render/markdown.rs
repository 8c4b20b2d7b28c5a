//! The report as GitHub-flavoured Markdown: the HTML page's sections and facts, with tables and
//! blockquotes. GitHub does not show images embedded as data URIs, so instead of the two
//! pictures the document ends with the data they draw, as tables, and a pointer to the HTML.

use super::{
    CANDIDATES, Glance, PEERS, PICTURES, PRIORITIES, PROFILE, ProximityText, SCORING_TITLE,
    STRENGTHS, Section, citation, cordis_url, countries_summary, euro, euro_or_unknown, euro_short,
    expertise_list, gap_kind, is_quotation, levels, list_or_none, number, or_unknown, org_meta,
    plural, role_name, roles_summary, score_breakdown, score_formula, sources, stated_figures,
    theme_label, theme_list, years,
};
use crate::report::model::{Evidence, Gap, GapReport, Profile};

pub(super) fn render(report: &GapReport) -> String {
    let mut doc = Doc::default();
    header(&mut doc, report);
    profile(&mut doc, report);
    priorities(&mut doc, report);
    gaps(&mut doc, report);
    candidates(&mut doc, report);
    strengths(&mut doc, report);
    peers(&mut doc, report);
    pictures(&mut doc, report);
    footer(&mut doc, report);
    doc.0
}

/// A Markdown document under construction; blocks are separated by one blank line.
#[derive(Default)]
struct Doc(String);

impl Doc {
    fn block(&mut self, text: impl AsRef<str>) {
        self.0.push_str(text.as_ref());
        self.0.push_str("\n\n");
    }

    /// A heading from Markdown text (escape free text with [`text`] first).
    fn heading(&mut self, level: usize, markdown: &str) {
        self.block(format!("{} {markdown}", "#".repeat(level)));
    }

    fn section(&mut self, section: &Section) {
        self.heading(2, section.title);
    }

    fn list<I: IntoIterator<Item = String>>(&mut self, items: I) {
        let lines: Vec<String> = items.into_iter().map(|item| format!("- {item}")).collect();
        if !lines.is_empty() {
            self.block(lines.join("\n"));
        }
    }

    /// A table whose cells are already Markdown; `right` marks numeric columns.
    fn table(&mut self, header: &[&str], right: &[bool], rows: Vec<Vec<String>>) {
        let mut out = format!("| {} |\n|", header.join(" | "));
        for (i, _) in header.iter().enumerate() {
            out.push_str(if right.get(i).copied().unwrap_or(false) {
                " ---: |"
            } else {
                " --- |"
            });
        }
        for row in rows {
            out.push_str(&format!("\n| {} |", row.join(" | ")));
        }
        self.block(out);
    }

    /// A quotation with its citation, or a record described in one line with its link.
    fn evidence(&mut self, evidence: &Evidence) {
        if is_quotation(evidence) {
            self.block(format!(
                "> {}\n>\n> — {}",
                text(&evidence.quote),
                cite(evidence)
            ));
        } else {
            self.block(format!("{} — {}", text(&evidence.quote), cite(evidence)));
        }
    }
}

/// Plain text made safe for Markdown, table cells included: one line, `|` and markup
/// characters escaped, `<` and entity-like `&` written as entities so GitHub shows them as typed.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let words: Vec<&str> = raw.split_whitespace().collect();
    let line = words.join(" ");
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;")
            }
            _ => out.push(c),
        }
    }
    // Text that starts a line must not start a heading, quote, list or rule.
    if out.starts_with(['#', '>', '-', '+', '=']) {
        out.insert(0, '\\');
    } else if let Some(i) = out.find(|c: char| !c.is_ascii_digit())
        && i > 0
        && out[i..].starts_with(['.', ')'])
    {
        out.insert(i, '\\');
    }
    out
}

fn texts<S: AsRef<str>>(items: &[S]) -> String {
    text(&list_or_none(items))
}

/// The citation of an evidence; CORDIS records link to their CORDIS page.
fn cite(evidence: &Evidence) -> String {
    match &evidence.cordis_project {
        Some(id) => format!("[{}]({})", text(&citation(evidence)), cordis_url(id)),
        None => text(&citation(evidence)),
    }
}

/// A short quotation inline with its citation, for table cells.
fn quoted(evidence: &Evidence) -> String {
    if is_quotation(evidence) {
        format!("“{}” — {}", text(&evidence.quote), cite(evidence))
    } else {
        cite(evidence)
    }
}

fn header(doc: &mut Doc, report: &GapReport) {
    let subject = &report.profile.organisation.label;
    doc.heading(1, &format!("Partnership gaps: {}", text(subject)));
    doc.block(format!(
        "Generated by {} from store generation {}.",
        text(&report.generator),
        text(&report.generation)
    ));
    if !report.limitations.is_empty() {
        let items: Vec<String> = report
            .limitations
            .iter()
            .map(|l| format!("> - {}", text(l)))
            .collect();
        doc.block(format!("> **Limitations**\n>\n{}", items.join("\n")));
    }
    let glance = Glance::of(report);
    doc.heading(2, "At a glance");
    doc.list([
        format!(
            "**{}**, **{}** EC contribution",
            plural(glance.projects as u64, "project", "projects"),
            euro_short(glance.ec_contribution)
        ),
        format!(
            "**{}** in **{}**",
            plural(glance.partners as u64, "partner", "partners"),
            plural(glance.countries as u64, "country", "countries")
        ),
        format!(
            "**{}** in the strategy's priorities ({}), **{}** to close them",
            plural((glance.missing + glance.weak) as u64, "gap", "gaps"),
            glance.gaps_detail(),
            plural(glance.candidates as u64, "candidate", "candidates")
        ),
    ]);
}

fn profile(doc: &mut Doc, report: &GapReport) {
    let profile = &report.profile;
    doc.section(&PROFILE);
    let org = &profile.organisation;
    let meta = org_meta(org);
    let mut identity = format!("**{}**", text(&org.label));
    if !meta.is_empty() {
        identity.push_str(&format!(" — {}", text(&meta)));
    }
    if !profile.aliases.is_empty() {
        identity.push_str(&format!(
            "  \nAlso known as: {}",
            text(&profile.aliases.join(" · "))
        ));
    }
    doc.block(identity);

    let roles = roles_summary(profile);
    let countries = countries_summary(profile);
    doc.table(
        &["Figure", "In the graph"],
        &[false, false],
        vec![
            vec![
                "Projects".into(),
                if roles.is_empty() {
                    number(profile.projects.len() as f64)
                } else {
                    format!("{} ({})", profile.projects.len(), text(&roles))
                },
            ],
            vec![
                "EC contribution".into(),
                euro_or_unknown(profile.ec_contribution),
            ],
            vec!["Partners".into(), number(profile.partners.len() as f64)],
            vec![
                "Partner countries".into(),
                if countries.is_empty() {
                    "0".into()
                } else {
                    format!("{}: {}", profile.partner_countries.len(), text(&countries))
                },
            ],
        ],
    );
    profile_stated(doc, profile);
    profile_projects(doc, profile);
    profile_expertise(doc, profile);
    profile_partners(doc, profile);
}

/// The profile's own figures beside what the graph counts.
fn profile_stated(doc: &mut Doc, profile: &Profile) {
    let stated = stated_figures(profile);
    if !stated.is_empty() {
        doc.heading(3, "Figures the profile states");
        doc.block(
            "The profile document's own figures beside what the graph counts. Sources differ \
             in date and scope; where the numbers differ, both are shown.",
        );
        doc.table(
            &["Figure", "The profile states", "The graph counts", "Source"],
            &[false, true, true, false],
            stated
                .iter()
                .map(|s| {
                    let counted = if s.differs {
                        format!("{} (differs)", s.counted)
                    } else {
                        s.counted.clone()
                    };
                    vec![text(s.name), s.stated.clone(), counted, quoted(s.evidence)]
                })
                .collect(),
        );
    }
}

fn profile_projects(doc: &mut Doc, profile: &Profile) {
    doc.heading(3, "Projects");
    if profile.projects.is_empty() {
        doc.block("No projects in the data.");
    } else {
        doc.table(
            &[
                "Project",
                "Title",
                "Role",
                "Years",
                "EC contribution",
                "Themes",
                "Source",
            ],
            &[false, false, false, false, true, false, false],
            profile
                .projects
                .iter()
                .map(|p| {
                    let sources: Vec<String> = p.evidence.iter().map(cite).collect();
                    vec![
                        format!("**{}**", text(&p.acronym)),
                        text(p.title.as_deref().unwrap_or("")),
                        text(p.role.as_deref().map(role_name).unwrap_or("")),
                        years(p),
                        p.ec_contribution.map(euro).unwrap_or_default(),
                        texts(&theme_list(&p.themes)),
                        sources.join("<br>"),
                    ]
                })
                .collect(),
        );
    }
}

/// Expertise areas by level, then focus over time.
fn profile_expertise(doc: &mut Doc, profile: &Profile) {
    doc.heading(3, "Expertise");
    if profile.expertise.is_empty() {
        doc.block("No expertise areas in the data.");
    } else {
        let mut rows = Vec::new();
        for level in levels(profile) {
            for e in profile.expertise.iter().filter(|e| e.level == level) {
                let count = e.project_count.unwrap_or(e.projects.len() as u64);
                let projects = if e.projects.is_empty() {
                    number(count as f64)
                } else {
                    format!("{count}: {}", texts(&e.projects))
                };
                rows.push(vec![
                    text(level),
                    format!("**{}**", text(&e.name)),
                    projects,
                    texts(&theme_list(&e.themes)),
                    quoted(&e.evidence),
                ]);
            }
        }
        doc.table(
            &["Level", "Area", "Projects", "Themes", "Source"],
            &[],
            rows,
        );
    }

    if profile.early_focus.is_some() || profile.recent_focus.is_some() {
        doc.heading(3, "Focus over time");
        doc.block(format!(
            "Early: {} → Recent: {}",
            text(or_unknown(profile.early_focus.as_deref())),
            text(or_unknown(profile.recent_focus.as_deref()))
        ));
    }
}

fn profile_partners(doc: &mut Doc, profile: &Profile) {
    doc.heading(3, "Partners");
    if profile.partners.is_empty() {
        doc.block("No partners in the data.");
    } else {
        doc.table(
            &["Partner", "Country, type", "Shared projects"],
            &[],
            profile
                .partners
                .iter()
                .map(|p| {
                    vec![
                        text(&p.organisation.label),
                        text(&org_meta(&p.organisation)),
                        texts(&p.shared_projects),
                    ]
                })
                .collect(),
        );
    }
}

fn priorities(doc: &mut Doc, report: &GapReport) {
    doc.section(&PRIORITIES);
    if report.strategies.is_empty() {
        doc.block("No strategy in the data, so no priority could be read.");
    } else {
        doc.block("Strategies considered:");
        doc.list(
            report
                .strategies
                .iter()
                .map(|(id, title)| format!("**{}** ({})", text(title), text(id))),
        );
    }
    for priority in &report.priorities {
        doc.heading(3, &text(&theme_label(&priority.theme)));
        for statement in &priority.statements {
            doc.block(format!(
                "**{}** ({})",
                text(&statement.label),
                text(&statement.kind)
            ));
            doc.evidence(&statement.evidence);
        }
    }
    if !report.priorities_without_theme.is_empty() {
        doc.heading(3, "Priorities without a theme");
        doc.block(
            "No theme of the vocabulary places these priorities, so they are not compared with \
             projects below; read them here.",
        );
        for statement in &report.priorities_without_theme {
            doc.block(format!(
                "**{}** ({})",
                text(&statement.label),
                text(&statement.kind)
            ));
            doc.evidence(&statement.evidence);
        }
    }
}

fn gaps(doc: &mut Doc, report: &GapReport) {
    doc.section(&super::GAPS);
    if report.gaps.is_empty() {
        doc.block("No gap: every theme the strategy prioritises has projects or expertise.");
        return;
    }
    doc.block(
        "Themes the strategy prioritises that our projects and partners do not cover, most \
         pressing first.",
    );
    for (rank, gap) in report.gaps.iter().enumerate() {
        doc.heading(
            3,
            &format!(
                "{}. {} — {}",
                rank + 1,
                text(&theme_label(&gap.theme)),
                gap_kind(gap.kind)
            ),
        );
        doc.block(format!(
            "Priority weight: **{}**.",
            plural(
                gap.priority_weight,
                "strategy statement",
                "strategy statements"
            )
        ));
        let coverage = &gap.coverage;
        doc.list([
            format!("Our projects in the theme: {}", texts(&coverage.projects)),
            format!(
                "Our expertise in the theme: {}",
                texts(&expertise_list(&coverage.expertise))
            ),
            format!(
                "Our partners active in the theme: {}",
                texts(&coverage.partners_active)
            ),
        ]);
        for evidence in &gap.evidence {
            doc.evidence(evidence);
        }
    }
}

fn candidates(doc: &mut Doc, report: &GapReport) {
    doc.section(&CANDIDATES);
    doc.heading(3, SCORING_TITLE);
    doc.block(format!("`{}`, each part from 0 to 1.", score_formula()));
    doc.list(report.method.iter().map(|m| text(m)));
    if report.gaps.is_empty() {
        doc.block("No gap, so no candidates.");
    }
    for (rank, gap) in report.gaps.iter().enumerate() {
        doc.heading(
            3,
            &format!("For gap {}: {}", rank + 1, text(&theme_label(&gap.theme))),
        );
        candidate_table(doc, gap);
    }
}

fn candidate_table(doc: &mut Doc, gap: &Gap) {
    if gap.candidates.is_empty() {
        doc.block("No candidate found in the data for this theme.");
        return;
    }
    let rows = gap
        .candidates
        .iter()
        .map(|c| {
            let mut projects = texts(&c.theme_projects);
            if !c.theme_expertise.is_empty() {
                projects.push_str(&format!(
                    "<br>Expertise: {}",
                    texts(&expertise_list(&c.theme_expertise))
                ));
            }
            let why: Vec<String> = c.why.iter().map(|w| text(w)).collect();
            vec![
                format!(
                    "**{}**<br>{}",
                    text(&c.organisation.label),
                    text(&org_meta(&c.organisation))
                ),
                format!("**{:.2}**<br>{}", c.score, score_breakdown(&c.parts)),
                text(&ProximityText::of(&c.proximity).sentence()),
                projects,
                why.join("<br>"),
            ]
        })
        .collect();
    doc.table(
        &[
            "Organisation",
            "Score",
            "Proximity",
            "Theme projects",
            "Why",
        ],
        &[],
        rows,
    );
}

fn strengths(doc: &mut Doc, report: &GapReport) {
    doc.section(&STRENGTHS);
    if report.strengths.is_empty() {
        doc.block(
            "None: no theme is strong in projects or expertise without being in the strategy.",
        );
        return;
    }
    doc.block("Themes strong in projects or expertise that the strategy does not mention.");
    doc.table(
        &["Theme", "Projects", "Expertise"],
        &[],
        report
            .strengths
            .iter()
            .map(|s| {
                vec![
                    format!("**{}**", text(&theme_label(&s.theme))),
                    texts(&s.projects),
                    texts(&expertise_list(&s.expertise)),
                ]
            })
            .collect(),
    );
}

fn peers(doc: &mut Doc, report: &GapReport) {
    doc.section(&PEERS);
    if report.peers.is_empty() {
        doc.block("No organisation with a similar profile in the data.");
        return;
    }
    doc.block("Organisations whose themes resemble ours (similarity from 0 to 1).");
    doc.table(
        &[
            "Organisation",
            "Similarity",
            "Covers themes we don't",
            "Their partners we never worked with",
        ],
        &[false, true, false, false],
        report
            .peers
            .iter()
            .map(|p| {
                let partners: Vec<String> = p.new_partners.iter().map(super::org_inline).collect();
                vec![
                    format!(
                        "**{}**<br>{}",
                        text(&p.organisation.label),
                        text(&org_meta(&p.organisation))
                    ),
                    format!("{:.2}", p.similarity),
                    texts(&theme_list(&p.covers)),
                    texts(&partners),
                ]
            })
            .collect(),
    );
}

fn pictures(doc: &mut Doc, report: &GapReport) {
    doc.section(&PICTURES);
    doc.block(
        "The coverage chart and the network picture are drawn in the HTML version of this \
         report; here are the data they show (also in the JSON version, as `coverage_chart` \
         and `ego`).",
    );
    doc.heading(3, "Coverage by theme");
    if report.coverage_chart.is_empty() {
        doc.block("No themes to chart.");
    } else {
        doc.table(
            &[
                "Theme",
                "Strategy statements",
                "Projects",
                "Expertise areas",
            ],
            &[false, true, true, true],
            report
                .coverage_chart
                .iter()
                .map(|b| {
                    vec![
                        text(&theme_label(&b.theme)),
                        b.priority_weight.to_string(),
                        b.projects.to_string(),
                        b.expertise.to_string(),
                    ]
                })
                .collect(),
        );
    }
    doc.heading(3, "Partner network");
    let ego = &report.ego;
    let count = |role: &str| ego.nodes.iter().filter(|n| n.role == role).count() as u64;
    doc.block(format!(
        "{} on the inner ring, {} on the outer ring, {} between them.",
        plural(count("partner"), "partner", "partners"),
        plural(count("candidate"), "candidate", "candidates"),
        plural(ego.edges.len() as u64, "tie", "ties"),
    ));
    let mut edges: Vec<_> = ego
        .edges
        .iter()
        .filter_map(|&(a, b, n)| Some((ego.nodes.get(a)?, ego.nodes.get(b)?, n)))
        .collect();
    edges.sort_by_key(|edge| std::cmp::Reverse(edge.2));
    if !edges.is_empty() {
        doc.table(
            &["Organisation", "Organisation", "Shared projects"],
            &[false, false, true],
            edges
                .into_iter()
                .map(|(a, b, n)| vec![text(&a.label), text(&b.label), n.to_string()])
                .collect(),
        );
    }
}

fn footer(doc: &mut Doc, report: &GapReport) {
    doc.heading(2, "Sources");
    let items: Vec<String> = sources(report)
        .into_iter()
        .map(|(id, title)| match title {
            Some(title) => format!("**{}** — {}", text(id), text(title)),
            None => format!("**{}**", text(id)),
        })
        .collect();
    if items.is_empty() {
        doc.block("No sources cited.");
    } else {
        doc.list(items);
    }
    doc.0.truncate(doc.0.trim_end().len());
    doc.0.push('\n');
}
