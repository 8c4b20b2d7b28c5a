//! Relations stated between organisations: agreements, collaborations, management, membership,
//! part-of and location, and project owners and parties.

use super::Doc;
use super::mentions::{Mention, clause_before, mention_at, resolve_at};
use super::organisations::{MEMBER_OF, PROJECT_OWNER, PROJECT_PARTIES, Registry};
use super::records::{NamedOrganisation, OrganisationKind, Relation, RelationKind};
use crate::model::Line;
use regex::Regex;
use std::sync::LazyLock;

static BETWEEN: LazyLock<Regex> = regex!(r"(?i)\b(?:between|mellan)\s+");
static AGREEMENT_WORD: LazyLock<Regex> = regex!(r"(?i)agreement|avtal");
static COLLABORATION_WORD: LazyLock<Regex> =
    regex!(r"(?i)collaborat|cooperat|partnership|samverkan|samarbete");
static AND_BETWEEN: LazyLock<Regex> = regex!(r"(?i)^\s+(?:and|och)\s+(?:the\s+)?$");
static WORK_TOGETHER: LazyLock<Regex> = regex!(
    r"(?i)^\s+(?:work together|collaborate|cooperate|samverkar|samarbetar|arbetar tillsammans)\b"
);
static WITH_CUE: LazyLock<Regex> = regex!(
    r"(?i)\b(?:in (?:close )?(?:collaboration|cooperation) with|collaborations? with|i (?:nära )?(?:samverkan|samarbete) med|tillsammans med)\s+"
);
static MANAGED_BY: LazyLock<Regex> = regex!(
    r"(?i)\b(?:(?:is|are|was|will be)\s+(?:[\p{L}]+\s+)?(?:managed|run|operated|coordinated|hosted|led)\s+by|(?:drivs|förvaltas|leds|samordnas)\s+av)\s+"
);
static WHERE_MEMBER: LazyLock<Regex> = regex!(r"(?i),\s*(?:där|where)\s+");
static IS_ONE_OF: LazyLock<Regex> = regex!(
    r"(?i)^\s+(?:är|is)\s+(?:en av|one of)(?: the)?\s+(?:noderna|medlemmarna|parterna|nodes|members|partners)\b"
);
static MEMBERS_ARE: LazyLock<Regex> = regex!(
    r"(?i)\b(?:partner universities|partners|members|medlemmar(?:na)?|parter(?:na)?)\s+(?:in|of|i)\s+(?:the\s+)?"
);
static ARE_VERB: LazyLock<Regex> = regex!(r"(?i)^\s*(?:are|include|är)\b");
static PART_OF: LazyLock<Regex> =
    regex!(r"(?i)\b(?:(?:is|are)\s+(?:a\s+)?part of|är en del av|ingår i)\s+");
static ACTORS_BELOW: LazyLock<Regex> = regex!(
    r"(?i)\b(?:all\s+)?(?P<count>two|three|four|five|six|[2-9]|två|tre|fyra|fem|sex)?\s*(?:actors|organisations|organizations|partners|members|aktörer(?:na)?|organisationer(?:na)?)\s+(?:below|nedan)\s*$"
);
static LOCATED_IN: LazyLock<Regex> = regex!(r"^\s+(?:in|i)\s+$");

struct RelationSink<'a> {
    pub(super) relations: Vec<Relation>,
    pub(super) orgs: &'a [NamedOrganisation],
}

impl RelationSink<'_> {
    pub(super) fn push(
        &mut self,
        subject: &str,
        kind: RelationKind,
        object: &str,
        evidence: &str,
        line: Line,
    ) {
        if subject == object {
            return;
        }
        let duplicate = self.relations.iter().any(|r| {
            r.kind == kind
                && ((r.subject == subject && r.object == object)
                    || (kind == RelationKind::CollaboratesWith
                        && r.subject == object
                        && r.object == subject))
        });
        if !duplicate {
            self.relations.push(Relation {
                subject: subject.to_string(),
                kind,
                object: object.to_string(),
                evidence: evidence.to_string(),
                line,
            });
        }
    }

    pub(super) fn orgs(
        &mut self,
        a: Mention,
        kind: RelationKind,
        b: Mention,
        evidence: &str,
        line: Line,
    ) {
        let (subject, object) = (self.orgs[a.org].name.clone(), self.orgs[b.org].name.clone());
        self.push(&subject, kind, &object, evidence, line);
    }
}

/// The relations stated in the text, sentence by sentence.
///
/// Long (about 150 lines) on purpose: one pass in which every cue reads the same sentence state
/// (its mentions, the section heading, the project the section introduced, the paragraph) and the
/// cues are tried in order, the first that applies winning; split into helpers, each would take
/// that whole state, and the order would be harder to see.
pub(super) fn relations(doc: &Doc, reg: &Registry, mentions: &[Vec<Mention>]) -> Vec<Relation> {
    let mut sink = RelationSink {
        relations: Vec::new(),
        orgs: &reg.orgs,
    };
    let mut heading: Option<&str> = None;
    let mut project: Option<String> = None;
    let mut last_para = usize::MAX;
    for (si, s) in doc.sentences.iter().enumerate() {
        let ms = &mentions[si];
        let t = s.text;
        let line = doc.line(s, 0);
        if s.para != last_para {
            last_para = s.para;
            if doc.paragraphs[s.para].is_heading {
                heading = Some(&doc.paragraphs[s.para].text);
                project = None;
            }
            if let Some((_, name)) = reg.projects.iter().find(|(p, _)| *p == s.para) {
                project = Some(name.clone());
            }
        }
        // A and B: `between A and B`, `A and B work together`.
        for m in BETWEEN.find_iter(t) {
            let Some(a) = mention_at(ms, t, m.end()) else {
                continue;
            };
            let Some(b) = ms
                .iter()
                .find(|b| b.start > a.end && AND_BETWEEN.is_match(&t[a.end..b.start]))
            else {
                continue;
            };
            if AGREEMENT_WORD.is_match(t) {
                sink.orgs(a, RelationKind::AgreementWith, *b, t, line);
            } else if COLLABORATION_WORD.is_match(t) {
                sink.orgs(a, RelationKind::CollaboratesWith, *b, t, line);
            }
        }
        for pair in ms.windows(2) {
            if AND_BETWEEN.is_match(&t[pair[0].end..pair[1].start])
                && WORK_TOGETHER.is_match(&t[pair[1].end..])
            {
                sink.orgs(pair[0], RelationKind::CollaboratesWith, pair[1], t, line);
            }
            // `Blue Science Park in Region Blekinge`
            let (a, b) = (&reg.orgs[pair[0].org], &reg.orgs[pair[1].org]);
            if LOCATED_IN.is_match(&t[pair[0].end..pair[1].start])
                && b.kind == OrganisationKind::Region
                && a.kind != OrganisationKind::Region
            {
                sink.orgs(pair[0], RelationKind::PartOf, pair[1], t, line);
            }
        }
        for m in WITH_CUE.find_iter(t) {
            let Some(subject) = clause_before(ms, t, m.start()).last().copied() else {
                continue;
            };
            if t[subject.end..m.start()].contains([',', ';']) {
                continue;
            }
            let end = t[m.end()..].find(';').map_or(t.len(), |i| m.end() + i);
            for o in ms.iter().filter(|o| o.start >= m.end() && o.end <= end) {
                sink.orgs(subject, RelationKind::CollaboratesWith, *o, t, line);
            }
        }
        for m in MANAGED_BY.find_iter(t) {
            let subject = clause_before(ms, t, m.start()).last().copied();
            if let (Some(a), Some(b)) = (subject, mention_at(ms, t, m.end())) {
                sink.orgs(a, RelationKind::ManagedBy, b, t, line);
            }
        }
        for (pattern, kind) in [
            (&*MEMBER_OF, RelationKind::MemberOf),
            (&*PART_OF, RelationKind::PartOf),
        ] {
            for m in pattern.find_iter(t) {
                let Some(object) = ms.iter().find(|o| o.start >= m.end()).copied() else {
                    continue;
                };
                let subjects = clause_before(ms, t, m.start());
                for a in &subjects {
                    sink.orgs(*a, kind, object, t, line);
                }
                // `All three actors below are part of Y`, followed by one bullet per actor.
                let below = ACTORS_BELOW.captures(&t[..m.start()]);
                if let Some(caps) =
                    below.filter(|_| subjects.is_empty() && kind == RelationKind::PartOf)
                {
                    let count = caps
                        .name("count")
                        .map_or(usize::MAX, |c| number(c.as_str()));
                    for bullet in leading_bullet_orgs(doc, mentions, s.para)
                        .into_iter()
                        .take(count)
                    {
                        sink.orgs(bullet, kind, object, t, line);
                    }
                }
            }
        }
        // `AI of Sweden, där Örebro universitet är en av noderna`
        for m in WHERE_MEMBER.find_iter(t) {
            let object = ms.iter().rev().find(|o| {
                o.end <= m.start() && t[o.end..m.start()].trim_end_matches(')').trim().is_empty()
            });
            let member = mention_at(ms, t, m.end());
            if let (Some(object), Some(member)) = (object, member)
                && IS_ONE_OF.is_match(&t[member.end..])
            {
                sink.orgs(member, RelationKind::MemberOf, *object, t, line);
            }
        }
        // `The other six partner universities in the European University are A, B, …`
        for m in MEMBERS_ARE.find_iter(t) {
            let Some((object, end)) = resolve_at(ms, reg, t, m.end()) else {
                continue;
            };
            if ARE_VERB.is_match(&t[end..]) {
                for a in ms.iter().filter(|a| a.start > end) {
                    let subject = reg.orgs[a.org].name.clone();
                    sink.push(
                        &subject,
                        RelationKind::MemberOf,
                        &reg.orgs[object].name,
                        t,
                        line,
                    );
                }
            }
        }
        let project_name = project.clone().or_else(|| heading.map(str::to_string));
        if let Some(project_name) = project_name {
            for (pattern, kind) in [
                (&*PROJECT_OWNER, RelationKind::ProjectOwner),
                (&*PROJECT_PARTIES, RelationKind::ProjectParty),
            ] {
                let Some(m) = pattern.find(t) else {
                    continue;
                };
                let stop = if kind == RelationKind::ProjectOwner {
                    t[m.end()..]
                        .find([',', ';', '.'])
                        .map_or(t.len(), |i| m.end() + i)
                } else {
                    t.len()
                };
                for a in ms.iter().filter(|a| a.start >= m.end() && a.end <= stop) {
                    let subject = reg.orgs[a.org].name.clone();
                    sink.push(&subject, kind, &project_name, t, line);
                }
            }
        }
    }
    sink.relations.sort_by_key(|r| r.line);
    sink.relations
}

pub(super) fn number(word: &str) -> usize {
    match word.to_lowercase().as_str() {
        "two" | "två" => 2,
        "three" | "tre" => 3,
        "four" | "fyra" => 4,
        "five" | "fem" => 5,
        "six" | "sex" => 6,
        digits => digits.parse().unwrap_or(usize::MAX),
    }
}

/// The organisation each bullet after paragraph `para` opens with.
fn leading_bullet_orgs(doc: &Doc, mentions: &[Vec<Mention>], para: usize) -> Vec<Mention> {
    doc.paragraphs
        .iter()
        .enumerate()
        .skip(para + 1)
        .take_while(|(_, p)| p.is_bullet)
        .filter_map(|(i, _)| {
            let si = doc.sentences.iter().position(|s| s.para == i)?;
            mentions[si].first().filter(|m| m.start == 0).copied()
        })
        .collect()
}
