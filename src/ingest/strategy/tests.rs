use super::*;
use super::{priorities::*, region::*};
use crate::model::Lang;
use std::collections::HashSet;

const OREBRO: &str = include_str!("../../../seeds/region-orebro-life-science-strategy.sv.txt");
const SMALAND: &str = include_str!("../../../seeds/smaland-blekinge-halland-health-innovation.txt");
const STOCKHOLM: &str = include_str!("../../../seeds/region-stockholm-research.txt");

fn parse(text: &str) -> Strategy {
    parse_strategy(text).unwrap_or_else(|e| panic!("{e}"))
}

fn labels(s: &Strategy, kind: PriorityKind) -> Vec<&str> {
    s.priorities
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.label.as_str())
        .collect()
}

fn org<'a>(s: &'a Strategy, name: &str) -> &'a NamedOrganisation {
    s.organisations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = s.organisations.iter().map(|o| o.name.as_str()).collect();
            panic!("{name} not among {names:?}")
        })
}

fn assert_orgs(s: &Strategy, expected: &[(&str, Option<&str>, OrganisationKind)]) {
    for (name, acronym, kind) in expected {
        let o = org(s, name);
        assert_eq!((o.acronym.as_deref(), o.kind), (*acronym, *kind), "{name}");
        assert!(!o.evidence.is_empty());
    }
}

fn assert_not_orgs(s: &Strategy, names: &[&str]) {
    for name in names {
        assert!(
            s.organisations
                .iter()
                .all(|o| !o.name.eq_ignore_ascii_case(name)),
            "{name} is not an organisation"
        );
    }
}

fn has(s: &Strategy, subject: &str, kind: RelationKind, object: &str) -> bool {
    s.relations
        .iter()
        .any(|r| r.subject == subject && r.kind == kind && r.object == object)
}

fn assert_relations(s: &Strategy, expected: &[(&str, RelationKind, &str)]) {
    for (subject, kind, object) in expected {
        assert!(
            has(s, subject, *kind, object),
            "{subject} {kind:?} {object}: {:#?}",
            s.relations
        );
    }
}

#[test]
fn orebro_strategy_commitments_and_areas() {
    let s = parse(OREBRO);
    assert_eq!(s.language, Lang::Sv);
    assert_eq!(s.title, None, "the text starts at the foreword");
    let region = s.region.as_ref().map(|r| (r.value.as_str(), r.line));
    assert_eq!(region, Some(("Region Örebro län", Line(7))));
    let body = s
        .authoring_body
        .as_ref()
        .map(|b| (b.value.as_str(), b.line));
    assert_eq!(body, Some(("Regionstyrelsen", Line(445))));

    let commitments = labels(&s, PriorityKind::Commitment);
    assert_eq!(commitments.len(), 30, "{commitments:#?}");
    for label in [
        "Stärkt regional roll i nationell samordning inom life science-området",
        "Partnerskap för regional och nationell kraftsamling",
        "Norden som globalt ledande life science-hubb",
        "Fler företagsinitierade kliniska studier i svensk hälso- och sjukvård",
        "Kontinuerlig omvärldsbevakning, analys och uppföljning",
    ] {
        assert!(commitments.contains(&label), "{label}");
    }
    let commitment = |label: &str| {
        s.priorities
            .iter()
            .find(|p| p.label == label)
            .unwrap_or_else(|| panic!("{label}"))
    };
    let biobanks = commitment("Bättre utnyttjande av biobanker");
    assert_eq!(biobanks.stance.as_deref(), Some("anser"));
    assert_eq!(biobanks.line, Line(689));
    assert_eq!(
        biobanks.statement,
        "Regionstyrelsen anser det angeläget att, på nationell nivå, beredningen av förslag till ny biobankslag genomförs skyndsamt."
    );
    let health_data = commitment("Ökat nyttjande av hälsodata för forskning och innovation");
    assert_eq!(health_data.stance.as_deref(), Some("avser"));
    assert!(
        health_data
            .statement
            .ends_with("där även begrepp som e-Hälsa och AI inkluderas.")
    );
    let stances: HashSet<&str> = s
        .priorities
        .iter()
        .filter_map(|p| p.stance.as_deref())
        .collect();
    for stance in [
        "anser",
        "avser",
        "bedömer",
        "noterar",
        "prioriterar",
        "eftersträvar",
        "ser",
        "är positiv till",
        "konstaterar",
    ] {
        assert!(stances.contains(stance), "{stance}");
    }

    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "precisionsmedicin",
            "välfärdsteknik",
            "högspecialiserad vård",
            "artificiell intelligens",
            "morgondagens kompetensförsörjning",
            // "… är ett av fyra … utmaningsområden": one area, named by the whole list.
            "life science, E-hälsa och välfärdsteknologi",
        ]
    );
}

#[test]
fn orebro_strategy_organisations_and_relations() {
    use OrganisationKind::*;
    let s = parse(OREBRO);
    assert_orgs(
        &s,
        &[
            ("Region Örebro län", None, Region),
            ("Örebro universitet", None, University),
            ("Biobank Sverige", Some("BIS"), Infrastructure),
            ("Genomic Medicine Sweden", Some("GMS"), Initiative),
            ("Regionalt biobankscentrum", Some("RBC"), Infrastructure),
            ("Myndigheten för Digital Förvaltning", Some("DIGG"), Agency),
            ("Örebro biobank", None, Infrastructure),
            ("Vetenskapsrådet", None, Agency),
            ("Tillväxtverket", None, Agency),
            ("Nationella vårdkompetensrådet", None, Agency),
            ("Alfred Nobel Science City", None, SciencePark),
            ("Kliniska Studier Sverige", None, Initiative),
            ("AI of Sweden", None, Initiative),
            ("ORU Holding", None, Company),
            ("AI Impact Lab", None, Initiative),
            ("Inkubera", None, Hub),
            ("NIVO", None, Network),
            ("CAMTÖ", None, Other),
            ("Central Sweden", None, Region),
            ("Business Region Örebro", None, Other),
        ],
    );
    for name in [
        "Vinnova",
        "ALMI",
        "Inera",
        "SKR",
        "Karolinska institutet",
        "KAW stiftelsen",
    ] {
        org(&s, name);
    }
    assert_eq!(
        org(&s, "Inkubera").line,
        Line(436),
        "first mention, not the rule's"
    );
    assert_eq!(org(&s, "Biobank Sverige").evidence, "BIS - Biobank Sverige");
    assert_not_orgs(
        &s,
        &[
            "Regionstyrelsen",
            "Sverige",
            "Östra Mellansverige",
            "Horisont Europa",
            "ALF",
            "ATMP",
            "RUA",
            "Regionalt Utvecklingsansvarig",
            "Nationellt forum",
            "Personen Alfred Nobel",
            "Real World Data",
            "Universitetssjukhuset",
            "Sjukvårdsregion Mellansverige",
            "Uppsala",
            "Region Örebro",
            "Internet of Things",
        ],
    );
    use RelationKind::*;
    assert_relations(
        &s,
        &[
            ("Region Örebro län", MemberOf, "Biobank Sverige"),
            ("Örebro universitet", MemberOf, "Biobank Sverige"),
            ("Örebro universitet", MemberOf, "AI of Sweden"),
            ("Region Örebro län", AgreementWith, "Örebro universitet"),
        ],
    );
    let member = s
        .relations
        .iter()
        .find(|r| r.object == "AI of Sweden")
        .map(|r| r.line);
    assert_eq!(member, Some(Line(1202)));
}

#[test]
fn smaland_page() {
    use OrganisationKind::*;
    let s = parse(SMALAND);
    assert_eq!(s.language, Lang::En);
    assert_eq!(
        s.title.clone().map(|t| t.value),
        Some("Health care and health innovation".into())
    );
    assert_eq!(
        s.region.clone().map(|r| r.value),
        Some("Småland Blekinge Halland South Sweden".into())
    );
    assert_eq!(s.authoring_body, None);
    assert!(labels(&s, PriorityKind::Commitment).is_empty());
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Care closer to the citizen",
            "eHealth-clusters",
            "Data driven care and AI"
        ]
    );
    let area = &s.priorities[1];
    assert_eq!(area.line, Line(27));
    assert!(
        area.statement
            .starts_with("eHealth-clusters: eHealth Arena is currently being established")
    );
    assert_orgs(
        &s,
        &[
            ("Linnaeus University", None, University),
            (
                "European University for Well-Being",
                Some("EUniWell"),
                University,
            ),
            ("Health Data Sweden", Some("HDS"), Hub),
            ("Leap for Life", None, Hub),
            ("eHealth Arena", None, Hub),
            ("Region Kalmar County", None, Region),
            ("Region Kronoberg", None, Region),
            ("Region Blekinge", None, Region),
            ("Kalmar Science Park", None, SciencePark),
            ("Blue Science Park", None, SciencePark),
            ("Swedish eHealth Agency", None, Agency),
            ("University of Birmingham", None, University),
            ("Semmelweis University", None, University),
        ],
    );
    assert_not_orgs(
        &s,
        &[
            "The",
            "Our universities",
            "European University",
            "Kalmar county",
            "eHealth institute",
            "EDIH",
            "Swedish European Digital Innovation Hubs",
            "Region Kalmar",
            "Blekinge",
        ],
    );
    use RelationKind::*;
    assert_relations(
        &s,
        &[
            (
                "Linnaeus University",
                MemberOf,
                "European University for Well-Being",
            ),
            ("Leap for Life", PartOf, "Health Data Sweden"),
            ("eHealth Arena", PartOf, "Health Data Sweden"),
            ("Blue Science Park", PartOf, "Health Data Sweden"),
            ("eHealth Arena", ManagedBy, "Region Kalmar County"),
            (
                "Region Kalmar County",
                CollaboratesWith,
                "Linnaeus University",
            ),
            (
                "Region Kalmar County",
                CollaboratesWith,
                "Kalmar Science Park",
            ),
            ("Blue Science Park", PartOf, "Region Blekinge"),
            (
                "University of Birmingham",
                MemberOf,
                "European University for Well-Being",
            ),
            (
                "Leiden University",
                MemberOf,
                "European University for Well-Being",
            ),
        ],
    );
    assert_eq!(s.relations.len(), 14, "{:#?}", s.relations);
}

#[test]
fn stockholm_page() {
    use OrganisationKind::*;
    let s = parse(STOCKHOLM);
    assert_eq!(s.language, Lang::En);
    assert_eq!(
        s.title, None,
        "the page opens with prose once the cookie banner is gone"
    );
    assert_eq!(
        s.region.clone().map(|r| (r.value, r.line)),
        Some(("Region Stockholm".into(), Line(3)))
    );
    assert_eq!(s.authoring_body, None);
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "World-leading access to structured health data and care process data",
            "Healthcare and care, available for research collaboration, innovation and business collaboration",
            "Precision medicine gives patients and residents access to high-resolution diagnostics, individualised prevention and treatment",
            "Interdisciplinary collaboration creates solutions to complex challenges",
            "Life science companies research, develop and grow in the Stockholm region",
        ]
    );
    assert_orgs(
        &s,
        &[
            ("Region Stockholm", None, Region),
            ("Karolinska Institutet", Some("KI"), University),
            ("Royal Institute of Technology", Some("KTH"), University),
            ("Stockholm University", Some("SU"), University),
            (
                "Stockholm Science City Foundation",
                Some("SSCi"),
                Foundation,
            ),
            ("Flemingsberg Science Foundation", None, Foundation),
            ("Stockholm Life Tech", None, Initiative),
            ("Akademiska Hus", None, Other),
            ("Karolinska Institutet Science Park", None, SciencePark),
            ("Karolinska University Hospital", None, Hospital),
            ("Center for Health Data", None, Infrastructure),
            ("Swedish Ethical Review Authority", None, Agency),
        ],
    );
    assert_not_orgs(
        &s,
        &[
            "Stockholm County",
            "ALF",
            "European Regional Development Fund",
            "Stockholm",
        ],
    );
    use RelationKind::*;
    let parties = [
        "Akademiska Hus",
        "Flemingsberg Science Foundation",
        "Karolinska Institutet",
        "Karolinska Institutet Science Park",
        "Karolinska University Hospital",
        "Stockholm Science City",
    ];
    assert_relations(
        &s,
        &[
            ("Region Stockholm", AgreementWith, "Karolinska Institutet"),
            (
                "Region Stockholm",
                CollaboratesWith,
                "Karolinska Institutet",
            ),
            (
                "Region Stockholm",
                CollaboratesWith,
                "Royal Institute of Technology",
            ),
            ("Region Stockholm", CollaboratesWith, "Stockholm University"),
            ("Region Stockholm", ProjectOwner, "Stockholm Life Tech"),
        ],
    );
    for party in parties {
        assert!(
            has(&s, party, ProjectParty, "Stockholm Life Tech"),
            "{party}"
        );
    }
    let agreement = s.relations.iter().find(|r| r.kind == AgreementWith);
    assert_eq!(
        agreement.map(|r| (r.evidence.as_str(), r.line)),
        Some((
            "The collaboration between Region Stockholm and Karolinska Institutet is governed by the ALF agreement.",
            Line(11)
        ))
    );
}

const ENGLISH_VARIANT: &str = "We use cookies to give you the best possible experience.\r\n\
    Accept all cookies\r\n\r\nResearch and innovation\r\n\r\n\r\n\
    Region Västra Götaland works closely with academia. Region Västra Götaland is the largest employer in the county.\r\n\r\n\
    The partnership between Region Västra Götaland and Chalmers University of Technology is regulated by a framework agreement.\r\n\r\n\
    Gothenburg Science Park is run by Region Västra Götaland in cooperation with the University of Gothenburg and Sahlgrenska University Hospital.\r\n\r\n\
    Our priority areas are:\r\n\r\n- Digital health: using data to improve care.\r\n- Precision medicine: diagnostics tailored to the patient.\r\n\r\n\
    Project Alpha\r\n\r\nProject Alpha is a four-year project on clinical data. The project owner is Region Västra Götaland, \
    and the project parties are Chalmers University of Technology, Sahlgrenska University Hospital and AstraZeneca.\r\n\r\n\
    Gothia Forum is a member of Kliniska Studier Sverige. All four organisations below are part of the Västra Götaland Health Hub.\r\n\
    • Chalmers University of Technology runs testbeds.\r\n• Gothia Forum supports trials.\r\n";

#[test]
fn reworded_english_with_crlf_extra_blank_lines_and_a_cookie_banner() {
    let s = parse(ENGLISH_VARIANT);
    assert!(looks_like_strategy(ENGLISH_VARIANT));
    assert_eq!(
        s.dropped
            .iter()
            .filter(|d| d.reason == text::DropReason::CookieBanner)
            .count(),
        2
    );
    assert_eq!(
        s.title.clone().map(|t| (t.value, t.line)),
        Some(("Research and innovation".into(), Line(4)))
    );
    assert_eq!(
        s.region.clone().map(|r| r.value),
        Some("Region Västra Götaland".into())
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["Digital health", "Precision medicine"]
    );
    assert_orgs(
        &s,
        &[
            (
                "Chalmers University of Technology",
                None,
                OrganisationKind::University,
            ),
            (
                "Gothenburg Science Park",
                None,
                OrganisationKind::SciencePark,
            ),
            ("Project Alpha", None, OrganisationKind::Initiative),
            ("AstraZeneca", None, OrganisationKind::Other),
            ("Gothia Forum", None, OrganisationKind::Network),
            ("Västra Götaland Health Hub", None, OrganisationKind::Hub),
        ],
    );
    use RelationKind::*;
    let rvg = "Region Västra Götaland";
    assert_relations(
        &s,
        &[
            (rvg, AgreementWith, "Chalmers University of Technology"),
            ("Gothenburg Science Park", ManagedBy, rvg),
            (rvg, CollaboratesWith, "University of Gothenburg"),
            (rvg, CollaboratesWith, "Sahlgrenska University Hospital"),
            (rvg, ProjectOwner, "Project Alpha"),
            ("AstraZeneca", ProjectParty, "Project Alpha"),
            ("Gothia Forum", MemberOf, "Kliniska Studier Sverige"),
            (
                "Chalmers University of Technology",
                PartOf,
                "Västra Götaland Health Hub",
            ),
            ("Gothia Forum", PartOf, "Västra Götaland Health Hub"),
        ],
    );
    assert!(!has(&s, rvg, ProjectParty, "Project Alpha"));
    let lf = parse(&ENGLISH_VARIANT.replace("\r\n", "\n"));
    assert_eq!(
        (lf.organisations, lf.relations),
        (s.organisations, s.relations)
    );
}

#[test]
fn reworded_swedish_with_page_furniture_between_heading_and_commitment() {
    let text = "Digital vård och\ninnovation\n\n12\n\nRegionstyrelsen avser att utveckla digitala \
        vårdtjänster tillsammans med länets kommuner. Mer text följer.\n\nRegion Skåne och Lunds \
        universitet är parter i den nationella infrastrukturen Genomic Medicine Sweden (GMS). \
        Regionen har pekat ut följande fokusområden: precisionsmedicin, e-hälsa och life science. \
        Medicon Village, där Lunds universitet är en av parterna, växer.\n\nhttps://www.skane.se/\n\n\
        Bättre vård\n\nRegionstyrelsen vill att vården blir bättre i Region Skåne.\n";
    let s = parse(text);
    assert_eq!(s.language, Lang::Sv);
    assert_eq!(
        s.region.clone().map(|r| r.value),
        Some("Region Skåne".into())
    );
    assert_eq!(
        s.authoring_body.clone().map(|b| (b.value, b.line)),
        Some(("Regionstyrelsen".into(), Line(6)))
    );
    let commitments: Vec<(&str, Option<&str>)> = s
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Commitment)
        .map(|p| (p.label.as_str(), p.stance.as_deref()))
        .collect();
    assert_eq!(
        commitments,
        [
            ("Digital vård och innovation", Some("avser")),
            ("Bättre vård", Some("vill"))
        ]
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["precisionsmedicin", "e-hälsa", "life science"]
    );
    assert_eq!(
        org(&s, "Genomic Medicine Sweden").kind,
        OrganisationKind::Infrastructure
    );
    use RelationKind::*;
    assert_relations(
        &s,
        &[
            ("Region Skåne", MemberOf, "Genomic Medicine Sweden"),
            ("Lunds universitet", MemberOf, "Genomic Medicine Sweden"),
            ("Lunds universitet", MemberOf, "Medicon Village"),
        ],
    );
}

#[test]
fn a_bulleted_list_after_a_short_lead_in_is_the_priorities() {
    let s = parse(
        "Region Stockholms strategi för smart specialisering har tagits fram med länets aktörer.\n\n\
         Fyra områden har valts ut för smart specialisering. Dessa är:\n\n\
         • Life science och hälsa\n• Digitalisering och IKT\n\n\
         Arbetet sker i tre steg:\n\n1) Kartläggning av styrkor.\n2) Dialog med aktörer.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["Life science och hälsa", "Digitalisering och IKT"]
    );
    assert_eq!(
        s.region.map(|r| r.value),
        Some("Region Stockholm".into()),
        "the genitive is the region itself"
    );
}

#[test]
fn numbered_lists_after_lead_ins_never_yield_the_lead_in_s_words() {
    let text = "The Region of Crete revised its smart specialisation strategy in 2021.\n\n\
        The five priority sectors of the strategy are the following:\n\n  1. Agri-food\n  2. Tourism and culture\n  \
        3. Health services and\n  4. Sustainable construction materials\n\n\n\
        The following areas, technologies, sciences are supporting the above sectors:\n\n  \
        1. Information and Communication Technologies\n  2. Environment and climate resilience, and\n  3. Logistics\n\n\
        The strategy is designed to:\n\n  • concentrate support on few priorities,\n  • attract private investment.\n";
    let s = parse(text);
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Agri-food",
            "Tourism and culture",
            "Health services",
            "Sustainable construction materials",
            "Information and Communication Technologies",
            "Environment and climate resilience",
            "Logistics"
        ]
    );
    let agri = &s.priorities[0];
    assert_eq!((agri.line, agri.statement.as_str()), (Line(5), "Agri-food"));
}

#[test]
fn wrapped_items_keep_their_label_and_lose_their_description() {
    let text = " Regionens fokusområden för smart specialisering är:\n\
        1. Rymdteknik och rymdtjänster: testbäddar, satellit-\n   data och uppskjutningar.\n\
        2. Gruv- och mineralnäring med fossilfri stålproduk-\n   tion och cirkulära materialflöden\n\
        3. Energi- och klimatomställning\n\n\
        The regional smart specialisations of the voivodeship are:\n\n\
        – modern textile and fashion industry – including smart fabrics and\n  design;\n\
        – energy, including renewable and distributed generation;\n\
        – medicine, pharmaceuticals and cosmetics.\n";
    let s = parse(text);
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Rymdteknik och rymdtjänster",
            "Gruv- och mineralnäring med fossilfri stålproduktion och cirkulära materialflöden",
            "Energi- och klimatomställning",
            "modern textile and fashion industry",
            "energy",
            "medicine, pharmaceuticals and cosmetics"
        ]
    );
    let space = &s.priorities[0];
    assert_eq!(space.line, Line(2));
    assert!(
        space.own_text.contains("satellitdata"),
        "{}",
        space.own_text
    );
}

#[test]
fn lettered_roman_and_o_bullets_after_a_lead_in() {
    let s = parse(
        "The areas of innovation identified by the strategy are as follows:\n\
         a) Sustainable manufacturing: aerospace and mechatronics;\n\
         b) Human and environmental health.\n\n\
         The strategy identifies four innovation platforms:\n\
         i. Quality of life – health and ageing;\n\
         ii. Territorial innovation.\n\n\
         Region Kronoberg prioriterar följande områden:\n o Skog, trä och hållbart byggande\n o Hälsa och välfärdsteknik\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Sustainable manufacturing",
            "Human and environmental health",
            "Quality of life",
            "Territorial innovation",
            "Skog, trä och hållbart byggande",
            "Hälsa och välfärdsteknik"
        ]
    );
}

#[test]
fn headings_of_priority_sections_give_their_items() {
    // A web page whose list lost its bullets, and numbered sections of a PDF.
    let s = parse(
        "Focus areas\n\nEnergy transition\nWater technology\nHealth and healthy ageing\n\n\
         For each focus area a roadmap describes the missions and the partners.\n\n\
         3. Smart specialisation priorities\n\nThe government chose three priorities.\n\n\
         3.1 Smart industry\nAdvanced manufacturing and new materials.\n\n\
         3.2 Clean energy\nRenewable generation and storage.\n\n\
         4. Governance\n\n4.1 The council\nThe council meets every year.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Energy transition",
            "Water technology",
            "Health and healthy ageing",
            "Smart industry",
            "Clean energy"
        ]
    );
    let industry = &s.priorities[3];
    assert_eq!(
        industry.statement,
        "Advanced manufacturing and new materials."
    );
}

#[test]
fn paragraphs_labelled_as_priorities_one_by_one() {
    let s = parse(
        "The strategy defines its specialisation priorities as follows.\n\n\
         Priority 1: Mobility and logistics, taking advantage of the ports.\n\
         Priority 2: Sustainable tourism, culture and leisure.\n\n\
         Each priority is reviewed every two years.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Mobility and logistics",
            "Sustainable tourism, culture and leisure"
        ]
    );
}

#[test]
fn items_split_at_their_description_only() {
    for (item, label) in [
        ("ICT: software, data analytics and cybersecurity.", "ICT"),
        (
            "Smart industry and energy – automation and clean energy",
            "Smart industry and energy",
        ),
        ("energy, including renewable generation;", "energy"),
        (
            "Sustainable tourism, culture and leisure.",
            "Sustainable tourism, culture and leisure.",
        ),
        ("Agri-food", "Agri-food"),
        (
            "Energi- och klimatomställning",
            "Energi- och klimatomställning",
        ),
    ] {
        assert_eq!(item_label(item), label, "{item}");
    }
    assert_eq!(clean_label("Environment, and"), "Environment");
    assert_eq!(clean_label("Textile and"), "Textile");
    assert_eq!(
        clean_label("Research and development"),
        "Research and development"
    );
}

#[test]
fn swedish_genitives_of_names_are_the_name_and_english_plurals_are_not() {
    let s = parse(
        "Region Uppsala arbetar med forskning och innovation i länet.\n\n\
         Region Uppsala samarbetar med Karolinska Institutet. Karolinska Institutets forskare \
         deltar i arbetet. Swedish Institute for Standards publishes the standards.\n",
    );
    let names: Vec<&str> = s.organisations.iter().map(|o| o.name.as_str()).collect();
    assert!(names.contains(&"Karolinska Institutet"), "{names:?}");
    assert!(!names.contains(&"Karolinska Institutets"), "{names:?}");
    assert!(
        names.contains(&"Swedish Institute for Standards"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Swedish Institute for Standard"),
        "{names:?}"
    );
}

#[test]
fn a_list_said_to_be_several_areas_is_split_and_one_said_to_be_one_area_is_not() {
    let several = parse(
        "Region Gävleborg arbetar med utveckling, där hälsa, vård och omsorg är tre prioriterade områden.",
    );
    assert_eq!(
        labels(&several, PriorityKind::PriorityArea),
        ["hälsa", "vård", "omsorg"]
    );
    let one = parse(
        "Region Gävleborg arbetar med utveckling, where health, care and welfare is one of four strategic areas.",
    );
    assert_eq!(
        labels(&one, PriorityKind::PriorityArea),
        ["health, care and welfare"]
    );
    let none = parse(
        "I det regionala perspektivet kan, inom dessa områden, identifieras ett antal styrkeområden och utvecklingsmöjligheter.",
    );
    assert!(none.priorities.is_empty());
}

#[test]
fn region_names_stop_where_the_name_stops() {
    let names: Vec<String> = region_mentions(
        "The Region Uppsala Research Strategy 2030 names Region Västra Götaland, Region Örebro läns \
         plan, Region Kalmar county and Business Region Örebro, all in Mid Sweden.",
    )
    .into_iter()
    .map(|(_, name)| name)
    .collect();
    assert_eq!(
        names,
        [
            "Region Uppsala",
            "Region Västra Götaland",
            "Region Örebro län",
            "Region Kalmar County",
            "Mid Sweden"
        ]
    );
}

#[test]
fn content_detection() {
    for seed in [OREBRO, SMALAND, STOCKHOLM] {
        assert!(looks_like_strategy(seed));
    }
    let profile = "SciTransfer\nOrganization\n\nREGION STOCKHOLM\n\nStockholm's regional healthcare \
        authority contributing clinical infrastructure to European health research and regional \
        development strategies.\n";
    assert!(!looks_like_strategy(profile));
    let csv =
        "name,country,role\nRegion Stockholm,SE,coordinator\nKarolinska Institutet,SE,partner\n";
    assert!(!looks_like_strategy(csv));
    let turtle = "@prefix ex: <http://example.org/> .\nex:region ex:strategy \"research and innovation\" .\n";
    assert!(!looks_like_strategy(turtle));
    assert!(!looks_like_strategy("   \n"));
    assert!(!looks_like_strategy(
        "The weather was nice and we walked along the beach all day long."
    ));
}

#[test]
fn errors_say_why() {
    assert_eq!(parse_strategy(""), Err(StrategyError::Empty));
    assert_eq!(parse_strategy(" \n\t\n"), Err(StrategyError::Empty));
    let binary = parse_strategy("Some text\nmore\u{0}\u{1}\u{2}binary\n");
    assert!(
        matches!(binary, Err(StrategyError::NotText { line: Line(2), .. })),
        "{binary:?}"
    );
    let only_chrome = parse_strategy("Accept all cookies\nhttps://example.org/\n12\n");
    assert_eq!(only_chrome, Err(StrategyError::NoProse { dropped: 3 }));
    assert!(
        only_chrome
            .unwrap_err()
            .to_string()
            .contains("3 non-blank lines")
    );
}

#[test]
fn never_panics() {
    for cut in text::tests::cuts(503) {
        let _ = parse_strategy(cut);
    }
    for odd in [
        "x",
        "Region",
        "Region Region Region",
        "(KI)",
        "A - B",
        "ACR - ",
        ", där",
        "• : :",
        "Regionstyrelsen anser",
    ] {
        let _ = parse_strategy(odd);
        looks_like_strategy(odd);
    }
}

#[test]
fn names_are_stable() {
    assert_eq!(PriorityKind::PriorityArea.as_str(), "priorityArea");
    assert_eq!(OrganisationKind::SciencePark.as_str(), "sciencePark");
    assert_eq!(RelationKind::CollaboratesWith.as_str(), "collaboratesWith");
    assert_eq!(
        text::DropReason::FootnoteDefinition.as_str(),
        "footnoteDefinition"
    );
}

#[test]
fn sections_headed_by_the_areas_after_a_lead_in_that_counts_them() {
    let s = parse(
        "Innovation areas\n\n\
         The strategy concentrates its support on three innovation areas.\n\n\
         Efficient industrial production\nMachine builders work on flexible production.\nLearn more\n\n\
         Connected mobility\nSuppliers develop drive systems.\n\n\
         Health and ageing society\nHospitals and firms cooperate on rehabilitation.\n\n\
         Contact\nBusiness agency, Main street 1\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Efficient industrial production",
            "Connected mobility",
            "Health and ageing society"
        ]
    );
    assert_eq!(
        s.priorities[0].statement,
        "Machine builders work on flexible production."
    );
    // Without a count, sections after a priority heading are not taken for areas.
    let uncounted = parse(
        "Priority areas\n\nThe strategy has priorities.\n\n\
         Background\nThe region grew.\n\nMethod\nWe asked firms.\n",
    );
    assert!(labels(&uncounted, PriorityKind::PriorityArea).is_empty());
}

#[test]
fn labelled_areas_apart_and_in_swedish_are_found_and_one_of_four_is_no_count() {
    let s = parse(
        "Priority area 1: Industry of the future\n\nThe area supports automation.\n\n\
         Priority area 2: Advanced logistics and mobility\n\nThe region is a hub.\n\n\
         Länet har fyra insatsområden:\n\n\
         Insatsområde 1: Elektrifiering och energisystem. Företagen är ledande.\n\n\
         Insatsområde 2: Hållbart samhällsbyggande, där cirkulära byggmaterial ingår.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Industry of the future",
            "Advanced logistics and mobility",
            "Elektrifiering och energisystem",
            "Hållbart samhällsbyggande"
        ]
    );
    assert_eq!(
        announced_count("Det är ett av fyra prioriterade områden."),
        None
    );
    assert_eq!(
        announced_count("Skåne har valt fem styrkeområden."),
        Some(5)
    );
}

#[test]
fn an_inline_list_after_a_counted_area_noun_closes_at_samt() {
    let s = parse(
        "Region Skåne har valt fem styrkeområden: smarta material, hälsa och life science, \
         hållbara städer, tech och digitalisering samt livsmedel och mat.",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "smarta material",
            "hälsa och life science",
            "hållbara städer",
            "tech och digitalisering",
            "livsmedel och mat"
        ]
    );
}

#[test]
fn a_numbered_list_goes_on_over_a_page_break_and_the_contents_are_not_areas() {
    let s = parse(
        "Contents\n\n3. Thematic areas ....................... 5\n   3.1 Agri-food ................ 6\n\n\
         3. Thematic areas\n\nThe thematic areas of the strategy are the following:\n\n\
         1) Agri-food system\n2) Mechatronics and automotive\n\n\
         Regional Strategy 2021-2027                         7\n\n\
         3) Tourism\n4) Energy and sustainable development\n\n\
         Each area is described below.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Agri-food system",
            "Mechatronics and automotive",
            "Tourism",
            "Energy and sustainable development"
        ]
    );
}

#[test]
fn wingdings_bullets_and_descriptions_after_relative_clauses() {
    let s = parse(
        "The strategy concentrates on six strategic economic areas:\n\n\
          Automotive and mechatronics: electric vehicles;\n\
          Food chain, from precision agriculture to healthy food;\n\
          Sustainable tourism, linked to the heritage of the mountains.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Automotive and mechatronics",
            "Food chain",
            "Sustainable tourism"
        ]
    );
}

#[test]
fn titles_each_over_a_description_right_under_an_area_heading() {
    let s = parse(
        "Home\nAbout\n\nSmart specialisation\n\n\
         Our specialisation fields\n\n\
         Blue economy\nPorts, shipbuilding and offshore wind along the coast.\n\n\
         Smart farming\nSensors and data for the farms of the plain. Cooperatives test them.\n\n\
         Creative industries\nGames, film and design studios in the two cities.\n\n\
         Calls open every spring.\n\nNewsletter\nSign up\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["Blue economy", "Smart farming", "Creative industries"]
    );
    let farming = &s.priorities[1];
    assert_eq!(
        farming.statement,
        "Sensors and data for the farms of the plain."
    );
    assert!(farming.own_text.contains("Cooperatives"));
    // The document's outline under a priority heading is not a list of areas.
    let outline =
        parse("Priority areas\n\nBackground\nThe region grew.\n\nMethod\nWe asked firms.\n");
    assert!(labels(&outline, PriorityKind::PriorityArea).is_empty());
    // A lead-in that does not count the areas leaves the sections after it alone.
    let uncounted = parse(
        "Fokusområden\n\nStrategin har prioriteringar.\n\n\
         Skogen\nSkogen växer.\n\nVattnet\nVattnet rinner.\n",
    );
    assert!(labels(&uncounted, PriorityKind::PriorityArea).is_empty());
}

#[test]
fn a_numbered_list_with_indented_descriptions_after_a_lead_in_that_counts_it() {
    let s = parse(
        "2 Styrkeområden\n\n\
         Regionen har valt tre styrkeområden som bygger på länets näringsliv. Valet gjordes\n\
         efter en bred dialog.\n\n\
         1. Marina näringar\n   Fiske, vattenbruk och sjöfart längs kusten, med nya\n   \
         tjänster.\n\n\
         2. Grön kemi\n   Kemiindustrin och dess omställning till förnybara råvaror.\n\n\
         3. Spel och digital kultur\n   Spelföretag och utbildningar.\n\n\
         4. Ny styrning\n   Uppföljningen görs varje år.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["Marina näringar", "Grön kemi", "Spel och digital kultur"]
    );
    assert_eq!(s.priorities[0].line, Line(6));
    // The same items after a lead-in ending in a colon are a list whose descriptions sit
    // between its items.
    let listed = parse(
        "The region has chosen the following focus areas:\n\n\
         1. Marine industries\n   Fishing, aquaculture and shipping along the coast.\n\n\
         2. Green chemistry\n   The chemical industry and renewable feedstocks.\n\n\
         The council reviews them every year.\n",
    );
    assert_eq!(
        labels(&listed, PriorityKind::PriorityArea),
        ["Marine industries", "Green chemistry"]
    );
    assert!(listed.priorities[0].own_text.contains("aquaculture"));
}

#[test]
fn a_numbered_title_broken_before_a_word_that_would_have_fit_is_a_heading() {
    // Hard-wrapped PDF text: the line of `3.2` stops where `Chemical` would still have fit, so
    // the title ends there even though the description starts with a capital.
    let s = parse(
        "3   Areas of specialisation\n\n\
         The region supports a small number of areas in which its firms, universities and\n\
         research institutes already work together and where the markets are expected to\n\
         grow in the coming decade. The areas were chosen with the chambers of commerce\n\
         and the cluster organisations of the region, and they are reviewed every three\n\
         years together with the universities and the research institutes in the cities,\n\
         with the firms that take part in the programmes and with the municipalities, so\n\
         that the support follows what the region does well and what it can learn from\n\
         its neighbours.\n\n\
         3.1  Food and agriculture\n\
         Crop breeding, food processing and packaging for the export markets of the\n\
         region and its neighbours.\n\n\
         3.2  Advanced materials and process technologies for industry\n\
         Chemical engineering, coatings and lightweight structures for the suppliers of\n\
         the vehicle and machinery industries in the region.\n\n\
         4   Governance\n\nThe council meets twice a year.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Food and agriculture",
            "Advanced materials and process technologies for industry"
        ]
    );
    assert!(
        s.priorities[1]
            .statement
            .starts_with("Chemical engineering")
    );
}

#[test]
fn a_page_that_names_its_region_only_in_header_and_footer_speaks_for_it() {
    let s = parse(
        "Region Gävleborg\nMeny\n\nInnovation i länet\n\n\
         Länets strategi pekar ut tre områden där vi ska satsa tillsammans med högskolan.\n\n\
         Kontakt\nRegion Gävleborg, Box 10, 801 03 Gävle\n",
    );
    assert_eq!(s.region.map(|r| r.value), Some("Region Gävleborg".into()));
}

#[test]
fn a_free_state_named_in_running_headers_speaks_for_itself() {
    let s = parse(
        "Innovation Strategy of the Free State of Thuringia      page 3\n\n\
         2 Fields of action\n\n\
         The Free State supports research in optics and in medical technology.\n\n\
         Innovation Strategy of the Free State of Thuringia\n\n\
         The ministry reports every two years.\n",
    );
    assert_eq!(
        s.region.map(|r| r.value),
        Some("Free State of Thuringia".into())
    );
}

#[test]
fn the_issuer_is_the_body_that_adopts_writes_or_heads_the_strategy() {
    let issuer = |text: &str| parse(text).issuer.map(|i| i.value);
    // The subject of adopting it, over a body that only funds calls.
    assert_eq!(
        issuer(
            "Smart specialisation\n\nThe Regional Government of Andalusia approved its strategy in \
             2021. The Research Council of Andalusia funds calls in each priority area.\n"
        ),
        Some("Regional Government of Andalusia".into())
    );
    // After `prepared by`, whatever its name; the European Commission is not an issuer.
    assert_eq!(
        issuer(
            "Innovation strategy\n\nThe strategy was prepared by the Samenwerkingsverband \
             Noord-Nederland (SNN) and sent to the European Commission, which approved it.\n"
        ),
        Some("Samenwerkingsverband Noord-Nederland".into())
    );
    // A title page: the body a strategy is `of`.
    assert_eq!(
        issuer(
            "Regional Innovation Strategy of the South Moravian Region 2021+\n\nThe region \
             focuses its support on five areas of research and innovation.\n"
        ),
        Some("South Moravian Region".into())
    );
    // A Swedish region that speaks for itself, in the genitive.
    assert_eq!(
        issuer(
            "Region Stockholms strategi för smart specialisering har tagits fram med länets \
             aktörer. Region Stockholm leder arbetet.\n"
        ),
        Some("Region Stockholm".into())
    );
}

#[test]
fn items_nested_under_an_item_are_its_parts_not_areas() {
    // Indented letters under numbers (a PDF with its layout), and a glyph of their own under
    // bullets (a PDF's text without the indentation); a lead-in of sub-areas alone is none.
    let s = parse(
        "Five thematic priority areas were chosen. Each is divided into sub-thematic areas, \
         listed under it:\n\
         1. Personalised healthcare\n   a) medical devices\n   b) pharmaceuticals\n\
         2. Safe society\n   a) defence and dual-use technologies\n\n\
         The region has chosen these focus areas:\n\
         • Ocean food: salmon farming\n◦ fish health\n◦ feed\n• Maritime technology\n\n\
         Sub-areas:\n• cyber security\n• data analytics\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Personalised healthcare",
            "Safe society",
            "Ocean food",
            "Maritime technology"
        ]
    );
    let safe = s.priorities.iter().find(|p| p.label == "Safe society");
    assert!(
        safe.is_some_and(|p| p.own_text.contains("defence")),
        "{safe:?}"
    );
}

#[test]
fn titles_over_a_description_and_a_list_of_their_sub_areas() {
    let s = parse(
        "Growth areas\n\nDigital solutions in every area of life\nPublic e-services are the base.\n\n\
         Sub-areas:\n• cyber security\n• data analytics\n\n\
         Sustainable energy\nThe shift needs new sources.\n\nSub-areas:\n• hydrogen\n\n\
         Contact\nMinistry of Economic Affairs\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Digital solutions in every area of life",
            "Sustainable energy"
        ]
    );
}

#[test]
fn inline_lists_with_semicolons_or_a_serial_comma() {
    let s = parse(
        "The strategy sets the following seven national priorities: agri-food and the rural \
         economy; health industry; energy and climate; and services and vehicle industry.\n\n\
         Vestland will build on three areas: renewable energy and the green industrial shift, \
         ocean industries and seafood, and health and welfare technology.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "agri-food and the rural economy",
            "health industry",
            "energy and climate",
            "services and vehicle industry",
            "renewable energy and the green industrial shift",
            "ocean industries and seafood",
            "health and welfare technology"
        ]
    );
}

#[test]
fn areas_labelled_without_a_number_with_an_acronym_or_in_bold_lead_ins() {
    let s = parse(
        "Värmlands styrkeområden\n\nS3-område: Skogsbaserad bioekonomi\nMassa och papper.\n\n\
         S3-område: Välfärdsteknik och hälsa\nVård på distans.\n\n\
         The strategy picks strategic innovation areas (DIS), each a challenge.\n\n\
         DIS 1 – Circular materials. New materials and recycling.\n\n\
         DIS 2 – Innovation for healthier lives. Vaccines and devices.\n\n\
         The strategy concentrates on two fields of action:\n\n\
         Sustainable mobility – Vehicle makers turn to electric drives.\n\n\
         Health care industry – Medical technology companies work with hospitals.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Skogsbaserad bioekonomi",
            "Välfärdsteknik och hälsa",
            "Sustainable mobility",
            "Health care industry",
            "Circular materials",
            "Innovation for healthier lives"
        ]
    );
}

#[test]
fn a_swedish_region_named_in_its_definite_form_issues_its_strategy() {
    let s = parse(
        "Smart specialisering\n\nVästra Götalandsregionen tar fram strategin för smart \
         specialisering tillsammans med universiteten. Västra Götalandsregionens strategi \
         utgår från fem styrkeområden.\n",
    );
    assert_eq!(
        s.issuer.map(|i| i.value),
        Some("Västra Götalandsregionen".into())
    );
}

#[test]
fn a_list_whose_bullets_were_lost_and_supporting_areas_listed_inline() {
    let s = parse(
        "Smart specialisering i Norrvik\n\nLänets styrkeområden är:\n\n\
         Skog och trä\nBesöksnäring och kultur\n\nSå följer vi upp\n\
         Nämnden följer upp arbetet varje år.\n\n\
         Two horizontal priorities serve all four areas: digitalisation and skills.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Skog och trä",
            "Besöksnäring och kultur",
            "digitalisation",
            "skills"
        ]
    );
}

#[test]
fn a_body_over_its_postal_address_or_beside_a_title_issues_the_strategy() {
    let footer = parse(
        "Smart specialisation of the coast\n\nThe strategy sets out three priority areas:\n\n\
         - Fish farming\n- Coastal tourism\n- Boat building\n\n\
         Coastal Development Agency – CDA Ltd\nHarbour Road 4, 12345 Seaport\n",
    );
    assert_eq!(
        footer.issuer.map(|i| i.value),
        Some("Coastal Development Agency".into())
    );
    let street = parse(
        "INLAND REGIONAL DEVELOPMENT AGENCY\nStrategy for the Inland Region\n\n\
         The domains are forestry and food.\n\n\
         Inland Regional Development Agency, Str. Mare nr. 7, Hilltown\n",
    );
    assert_eq!(
        street.issuer.map(|i| i.value),
        Some("Inland Regional Development Agency".into())
    );
    let header = parse(
        "Westshore Region        Growth Strategy 2030\n\n\
         The Westshore Region has chosen two areas: wind energy and shipping.\n",
    );
    assert_eq!(
        header.issuer.map(|i| i.value),
        Some("Westshore Region".into())
    );
}

#[test]
fn areas_under_an_acronym_defined_after_its_own_language_s_words_and_angle_quote_items() {
    let s = parse(
        "Strategic domains\n\nThe region works in two strategic domains (domaines \
         d'activités stratégiques, DAS), each led by a cluster.\n\n\
         DAS 1 – Aeronautics and space\nAircraft structures and small satellites.\n\n\
         DAS 2 – Water and natural risks\nFloods, droughts and warning systems.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["Aeronautics and space", "Water and natural risks"]
    );
    let web = parse(
        "Stärkefelder\n\nThe strategy groups the province's strengths in three fields:\n\n\
         › Mobility – vehicles and rail technology\n\
         › Green Tech – environmental and energy technology\n\
         › Health Tech – medical devices\n\n\
         It was adopted by the provincial government (Steirische Landesregierung) in 2022.\n",
    );
    assert_eq!(
        labels(&web, PriorityKind::PriorityArea),
        ["Mobility", "Green Tech", "Health Tech"]
    );
    assert_eq!(
        web.issuer.map(|i| i.value),
        Some("Steirische Landesregierung".into())
    );
}

#[test]
fn a_colon_sets_a_name_apart_whatever_dash_or_comma_it_holds() {
    assert_eq!(
        item_label("Health – medicine: medical devices; medicines"),
        "Health – medicine"
    );
    assert_eq!(
        item_label("Smart buildings and homes, with the wood chain: wood-based construction"),
        "Smart buildings and homes, with the wood chain"
    );
    assert_eq!(
        item_label("Mobility – vehicles and rail technology"),
        "Mobility"
    );
}

#[test]
fn a_page_in_two_columns_gives_the_list_in_its_left_column() {
    let s = parse(
        "Strategy 2021-2027                                                    26\n\n\
         The Regional Government of Westvale       The priorities follow from an analysis\n\
         approved the strategy by agreement in     of regional patents and of exports. The\n\
         April 2021 after a long consultation.     discovery process ran in eleven sector\n\
         It sets three thematic priorities:        tables with the firms of the region.\n\
         \n\
         1. Automotive and sustainable mobility    The priorities are reviewed every two\n\
         2. Agri-food and natural resources        years by the monitoring committee.\n\
         3. Cultural heritage and tourism\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Automotive and sustainable mobility",
            "Agri-food and natural resources",
            "Cultural heritage and tourism"
        ]
    );
}

#[test]
fn capital_letter_items_hold_their_outline_numbered_sub_items() {
    let s = parse(
        "5 DOMAINS OF SPECIALISATION\n\n\
         The strategy names four domains of specialisation and, within each, its sub-domains:\n\n\
         A. Energy transition and hydrogen\n\
         \x20  A.1 Hydrogen production, storage and use in industry\n\
         \x20  A.2 Smart grids and energy storage\n\
         B. Advanced manufacturing and materials\n\
         \x20  B.1 Metallurgy and new alloys\n\
         C. Digital technologies and cybersecurity\n\
         D. Healthy living environment\n\
         \x20  D.1 Monitoring of air quality\n\n\
         Each domain has a platform of companies and researchers.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Energy transition and hydrogen",
            "Advanced manufacturing and materials",
            "Digital technologies and cybersecurity",
            "Healthy living environment"
        ]
    );
}

#[test]
fn an_inline_list_may_follow_a_relative_clause_after_its_counted_noun() {
    let s = parse(
        "Smart specialisering\n\nStrategin lyfter fram fyra styrkeområden där länet redan har \
         starka företag och forskning: digitalisering och IT-säkerhet, marina näringar och \
         sjöfart, livsmedel från land och hav samt hållbar industri och avancerade material. \
         Inom varje område finns ett nätverk.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "digitalisering och IT-säkerhet",
            "marina näringar och sjöfart",
            "livsmedel från land och hav",
            "hållbar industri och avancerade material"
        ]
    );
    // A clause with a comma of its own is a sentence, not a lead-in of the list.
    let s = parse(
        "Focus\n\nThe strategy names three areas that, as the analysis shows, need support: \
         firms, universities and towns.\n",
    );
    assert!(labels(&s, PriorityKind::PriorityArea).is_empty());
}

#[test]
fn business_strongholds_titled_over_their_descriptions_are_areas() {
    let s = parse(
        "Smart specialisation in Southern Denmark\n\n\
         The Regional Council adopted its strategy in 2022.\n\n\
         Our business strongholds\n\n\
         Robotics and automation\n\
         Odense is home to more than a hundred robotics companies.\n\n\
         Energy technology and Power-to-X\n\
         Offshore wind and the conversion of green electricity into fuels.\n\n\
         Latest news\n\
         Drone test centre opens new airspace\n\
         12 March 2024\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "Robotics and automation",
            "Energy technology and Power-to-X"
        ]
    );
}

#[test]
fn a_body_opens_a_clause_after_an_introductory_phrase_and_its_short_form_counts_for_it() {
    let issuer = |text: &str| parse(text).issuer.map(|i| i.value);
    // `On that basis the Council approved`: the Council's own act, over the source of a table.
    assert_eq!(
        issuer(
            "Priority sectors\n\nOn the basis of its results the Regional Council of Central \
             Macedonia approved six priority sectors.\n\nSource: Region of Central Macedonia, \
             Managing Authority of the Regional Programme, 2021.\n"
        ),
        Some("Regional Council of Central Macedonia".into())
    );
    // A short form defined after the name stands for it in the footer and the copyright line.
    assert_eq!(
        issuer(
            "CCDR Algarve\n\nRIS3 Algarve 2030\n\nThe strategy was prepared by the Algarve \
             Regional Coordination and Development Commission (CCDR Algarve) and approved by the \
             Regional Council in July 2022.\n\nCCDR Algarve\n\n© 2024 CCDR Algarve. All \
             rights reserved.\n"
        ),
        Some("Algarve Regional Coordination and Development Commission".into())
    );
    // A running header sets the body beside the document's name, a framework.
    assert_eq!(
        issuer(
            "Southern Regional Assembly        Regional Enterprise and Smart Specialisation \
             Framework\n\n4 Smart specialisation\n\nThe region will focus on four areas.\n"
        ),
        Some("Southern Regional Assembly".into())
    );
}

#[test]
fn names_that_tie_give_the_same_issuer_every_time() {
    let text = "Innovation strategy\n\nThe strategy was approved by the Regional Council and \
                prepared by the Regional Development Commission.\n";
    let issuers: HashSet<Option<String>> = (0..20)
        .map(|_| parse(text).issuer.map(|i| i.value))
        .collect();
    assert_eq!(
        issuers,
        HashSet::from([Some("Regional Development Commission".to_string())])
    );
}

#[test]
fn romance_body_names_cover_names_in_capitals_and_compass_territories() {
    let issuer = |text: &str| parse(text).issuer.map(|i| i.value);
    // `Xunta de Galicia`: the `de` of a body's own name joins it.
    assert_eq!(
        issuer(
            "RIS3 Galicia 2021-2027\n\nThe Xunta de Galicia approved this strategy at the \
             proposal of the Galician Innovation Agency.\n"
        ),
        Some("Xunta de Galicia".into())
    );
    // A cover's name in capitals ends where its capitals end, not in the title under it; a
    // point of the compass and `Region` name a territory, not the body that wrote the strategy.
    assert_eq!(
        issuer(
            "WEST REGIONAL DEVELOPMENT AGENCY\nRegional Smart Specialisation Strategy of the \
             West Region 2021-2027\n\nThe process was run by the West Regional Development \
             Agency. Following it, the West Region selected six domains.\n"
        ),
        Some("West Regional Development Agency".into())
    );
}

#[test]
fn an_elaboration_inside_an_inline_list_belongs_to_the_item_before_it() {
    let s = parse(
        "Enablers\n\nTwo enabling areas support all six: advanced digital technologies, \
         including blockchain and artificial intelligence, and the development of a skilled \
         research workforce.\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        [
            "advanced digital technologies",
            "the development of a skilled research workforce"
        ]
    );
}

#[test]
fn a_pages_closing_links_under_a_heading_that_speaks_of_areas_are_not_areas() {
    let s = parse(
        "Smart specialisation\n\nThe government will concentrate on three areas: chemistry, \
         logistics and food.\n\nMore information\nSpearhead clusters\nInnovation cluster call\n\
         Contact\n",
    );
    assert_eq!(
        labels(&s, PriorityKind::PriorityArea),
        ["chemistry", "logistics", "food"]
    );
}
