use super::*;
use crate::model::Lang;

/// The bullet paragraphs of `clean`, each with whether it is a sub-item.
fn bullet_items(clean: &CleanText) -> Vec<(&str, bool)> {
    clean
        .paragraphs
        .iter()
        .filter(|p| p.is_bullet)
        .map(|p| (p.text.as_str(), p.is_subitem))
        .collect()
}

const OREBRO: &str = include_str!("../../../seeds/region-orebro-life-science-strategy.sv.txt");
const SMALAND: &str = include_str!("../../../seeds/smaland-blekinge-halland-health-innovation.txt");
const STOCKHOLM: &str = include_str!("../../../seeds/region-stockholm-research.txt");

fn texts(clean: &CleanText) -> Vec<&str> {
    clean.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

fn find<'a>(clean: &'a CleanText, needle: &str) -> &'a Paragraph {
    clean
        .paragraphs
        .iter()
        .find(|p| p.text.contains(needle))
        .unwrap_or_else(|| panic!("no paragraph contains {needle:?}: {:#?}", texts(clean)))
}

#[test]
fn joins_words_hyphenated_across_lines() {
    let clean = clean(
        "Aktörer som länets kommuner, patientorganisatio-\nner och myndigheter deltar i strate-\ngiska satsningar.\n",
    );
    assert_eq!(
        texts(&clean),
        [
            "Aktörer som länets kommuner, patientorganisationer och myndigheter deltar i strategiska satsningar."
        ]
    );
}

#[test]
fn keeps_real_hyphens_and_elided_compounds() {
    let text = "Regionens life science-strategi gäller E-hälsa och hälso- och sjukvård.\n\n\
                Arbetet med regionens life science- \nsektorn omfattar hälso- \noch sjukvård, \
                forsknings- \nsom innovationsarbete och SME- \nföretag.\n";
    let clean = clean(text);
    assert_eq!(
        texts(&clean)[1],
        "Arbetet med regionens life science-sektorn omfattar hälso- och sjukvård, \
         forsknings- som innovationsarbete och SME-företag."
    );
    assert!(texts(&clean)[0].contains("E-hälsa och hälso- och sjukvård"));
}

#[test]
fn uses_the_documents_own_words_to_undo_hyphens() {
    let clean = clean(OREBRO);
    for joined in [
        "patientorganisationer",
        "life science-sektorn",
        "utvecklingspotential",
        "internationell samverkan",
        "bredduniversiteten",
        "Norden som globalt ledande life science-hubb",
        "AI-tillämpningar",
        "Kliniska Studier Sverige",
        "digitaliserings- och AI-arbete",
        "natur- och teknikvetenskaper",
        "SME-företag",
        "”omics”-baserad",
    ] {
        find(&clean, joined);
    }
}

#[test]
fn headings_are_their_own_paragraphs_even_when_wrapped() {
    let clean = clean(OREBRO);
    for heading in [
        "Förord",
        "Hälso- och sjukvård samt tandvård",
        "Partnerskap för regional och nationell kraftsamling",
        "Regionala förutsättningar och utvecklingslinjer",
        "Regional målbild 2030 - life science",
        "Kompetensförsörjning, talangattraktion och livslångt lärande",
        "Vad är ALF-avtalet?",
    ] {
        let p = find(&clean, heading);
        assert_eq!(p.text, heading);
        assert!(p.is_heading, "{heading}");
    }
    let p = find(&clean, "Partnerskap för regional");
    assert_eq!(p.line, Line(451));
    assert!(!find(&clean, "AI - Artificiell intelligens").is_heading);
    assert!(
        find(&clean, "Örebro universitet etablerades 1999")
            .text
            .starts_with("Örebro")
    );
}

#[test]
fn rejoins_sentences_interrupted_by_side_boxes_and_page_breaks() {
    let clean = clean(OREBRO);
    let p = find(
        &clean,
        "Detsamma är gällande för tillgängliggörande av redan idag",
    );
    assert_eq!(p.line, Line(580));
    assert_eq!(p.line_at(p.text.find("Inera").unwrap_or(0)), Line(598));
    find(
        &clean,
        "Regionstyrelsen avser att öka sitt engagemang avseende regionala",
    );
    find(
        &clean,
        "Regionstyrelsen avser att ytterligare stärka den regionalt baserade registerbaserade forskningen och den akademisk tjänstestruktur som krävs för en sådan fortsatt",
    );
}

#[test]
fn drops_cookie_banners_site_chrome_urls_and_footnotes() {
    let clean = clean(STOCKHOLM);
    let reasons: Vec<(usize, DropReason)> =
        clean.dropped.iter().map(|d| (d.line.0, d.reason)).collect();
    assert_eq!(
        reasons,
        [
            (1, DropReason::CookieBanner),
            (39, DropReason::CookieBanner),
            (41, DropReason::SiteChrome),
            (43, DropReason::SiteChrome)
        ]
    );
    assert!(texts(&clean).iter().all(|t| !t.contains("cookies")));

    let english = clean_text_of(
        "We use cookies to improve the site.\nAccept all cookies\n\nResearch is important here.\n",
    );
    assert_eq!(english, ["Research is important here."]);
    // Swedish and Finnish consent notices name cookies in their own words; cakes in prose stay.
    let local = clean_text_of(
        "Vi använder kakor för att webbplatsen ska fungera.\nGodkänn alla kakor\n\n\
         Sivustomme käyttää evästeitä.\n\nBagerier bakar bröd och kakor åt hela länet.\n",
    );
    assert_eq!(local, ["Bagerier bakar bröd och kakor åt hela länet."]);

    let clean = super::clean(OREBRO);
    let dropped = |reason| clean.dropped.iter().filter(|d| d.reason == reason).count();
    assert_eq!(dropped(DropReason::BareUrl), 7);
    assert!(
        clean
            .dropped
            .iter()
            .any(|d| d.reason == DropReason::FootnoteDefinition && d.text == "3) Ibid")
    );
    assert!(
        clean
            .dropped
            .iter()
            .any(|d| d.line == Line(1) && d.reason == DropReason::FootnoteDefinition)
    );
    assert!(
        texts(&clean)
            .iter()
            .all(|t| !t.contains("http") && !t.contains("Ibid"))
    );
}

fn clean_text_of(text: &str) -> Vec<String> {
    clean(text).paragraphs.into_iter().map(|p| p.text).collect()
}

#[test]
fn strips_footnote_markers_but_not_real_numbers() {
    let text = "”Sverige ska vara en ledande life science-nation”1 är målet. Det gäller prover.”8 \
                Regionen är Regionalt Utvecklingsansvarig (RUA)7 och följer Nationella \
                vårdkompetensrådet9 samt datahantering12, liksom uppföljning.3 År 2020.4 kom \
                covid-19, 3TR, H2020, 5G, 68 MSEK, 1,3 million och 2.4 million till 2030.";
    let cleaned = clean_text_of(text).join(" ");
    assert_eq!(
        cleaned,
        "”Sverige ska vara en ledande life science-nation” är målet. Det gäller prover.” \
         Regionen är Regionalt Utvecklingsansvarig (RUA) och följer Nationella \
         vårdkompetensrådet samt datahantering, liksom uppföljning. År 2020. kom \
         covid-19, 3TR, H2020, 5G, 68 MSEK, 1,3 million och 2.4 million till 2030."
    );
}

#[test]
fn drops_tables_of_figures_with_their_labels() {
    let clean = clean(OREBRO);
    let table: Vec<usize> = clean
        .dropped
        .iter()
        .filter(|d| d.reason == DropReason::FigureTable)
        .map(|d| d.line.0)
        .collect();
    assert!(table.contains(&1230) && table.contains(&1286) && table.contains(&1298));
    assert!(table.iter().all(|l| (1229..=1300).contains(l)), "{table:?}");
    for gone in ["17807", "Regionbidrag", "Plats i rankingen", "x = inget"] {
        assert!(texts(&clean).iter().all(|t| !t.contains(gone)), "{gone}");
    }
    find(&clean, "Tabellen redovisar ett antal nyckeltal");
}

#[test]
fn bullets_become_paragraphs() {
    let clean = clean(SMALAND);
    let bullets: Vec<&str> = clean
        .paragraphs
        .iter()
        .filter(|p| p.is_bullet)
        .map(|p| p.text.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(bullets.len(), 6);
    assert_eq!(
        bullets[3..],
        [
            "Care closer to the citizen",
            "eHealth-clusters",
            "Data driven care and AI"
        ]
    );
    let listed = super::clean(
        "Our areas:\n• First area\ncontinued here\n- Second area\n– Third area\n•\nFourth area\n",
    );
    let listed: Vec<(&str, bool)> = listed
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.is_bullet))
        .collect();
    assert_eq!(
        listed,
        [
            ("Our areas:", false),
            ("First area continued here", true),
            ("Second area", true),
            ("Third area", true),
            ("Fourth area", true)
        ]
    );
    let numbered =
        clean_text_of("Our priorities:\n\n1) Digital health\n2) Precision medicine\n\n3) Ibid\n");
    assert_eq!(
        numbered,
        [
            "Our priorities:",
            "Digital health",
            "Precision medicine",
            "Ibid"
        ]
    );
    let footnotes = super::clean("Prose ends here.\n\n1) Ibid\n");
    assert_eq!(footnotes.dropped[0].reason, DropReason::FootnoteDefinition);
}

#[test]
fn enumerated_items_after_a_colon_are_bullets_and_wrapped_items_stay_whole() {
    let clean = clean(
        "The priorities are:\n  1. Agri-food\n  2. Rymdteknik: testbäddar, satellit-\n     data och uppskjutningar\n\
         a) Sustainable manufacturing\niv. Quality of life\n o Skog och trä\n * Kreativa näringar\n\n\
         After the list.\n\n1. Introduction\n",
    );
    let bullets: Vec<(&str, bool)> = clean
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.is_bullet))
        .collect();
    assert_eq!(
        bullets,
        [
            ("The priorities are:", false),
            ("Agri-food", true),
            (
                "Rymdteknik: testbäddar, satellitdata och uppskjutningar",
                true
            ),
            ("Sustainable manufacturing", true),
            ("Quality of life", true),
            ("Skog och trä", true),
            ("Kreativa näringar", true),
            ("After the list.", false),
            ("1. Introduction", false),
        ]
    );
}

#[test]
fn normalises_characters() {
    let cleaned = clean_text_of("Soft\u{AD}hyphen\u{A0}and  O\u{308}rebro\u{FFFD} län\u{200B}.");
    assert_eq!(cleaned, ["Softhyphen and Örebro län."]);
}

#[test]
fn crlf_and_extra_blank_lines_do_not_change_paragraphs() {
    let crlf = STOCKHOLM
        .replace('\n', "\r\n")
        .replace("\r\n\r\n", "\r\n\r\n\r\n");
    assert_eq!(clean_text_of(&crlf), clean_text_of(STOCKHOLM));
}

#[test]
fn splits_sentences_without_breaking_abbreviations_or_numbers() {
    assert_eq!(
        sentences("Vi använder t.ex. data och s.k. register, bl.a. RWD. Det är viktigt! Eller?"),
        [
            "Vi använder t.ex. data och s.k. register, bl.a. RWD.",
            "Det är viktigt!",
            "Eller?"
        ]
    );
    assert_eq!(
        sentences(
            "This is e.g. a test, i.e. a check. Dr. Smith and J. R. Jones agreed. It serves 1,3 million citizens and costs 2.4 million."
        ),
        [
            "This is e.g. a test, i.e. a check.",
            "Dr. Smith and J. R. Jones agreed.",
            "It serves 1,3 million citizens and costs 2.4 million."
        ]
    );
    assert_eq!(
        sentences("”Samverkan är viktig.” Regionen håller med."),
        ["”Samverkan är viktig.”", "Regionen håller med."]
    );
    assert!(sentences("  ").is_empty());
}

#[test]
fn detects_the_language_of_each_seed() {
    assert_eq!(detect_language(OREBRO), Lang::Sv);
    assert_eq!(detect_language(SMALAND), Lang::En);
    assert_eq!(detect_language(STOCKHOLM), Lang::En);
    assert_eq!(detect_language(""), Lang::En);
}

/// Prefixes (`step` apart) of the short seeds, and of the long one both prefixes (a tenth as
/// many) and 3 KB windows starting every `step` bytes, so that every cut point is tried.
pub(crate) fn cuts(step: usize) -> Vec<&'static str> {
    let mut cuts = Vec::new();
    let mut push = |seed: &'static str, start: usize, end: usize| {
        let boundary = |mut i: usize| {
            i = i.min(seed.len());
            while !seed.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        cuts.push(&seed[boundary(start)..boundary(end)]);
    };
    for seed in [SMALAND, STOCKHOLM] {
        (0..=seed.len())
            .step_by(step)
            .for_each(|end| push(seed, 0, end));
    }
    (0..=OREBRO.len())
        .step_by(step * 10)
        .for_each(|end| push(OREBRO, 0, end));
    (0..OREBRO.len())
        .step_by(step)
        .for_each(|start| push(OREBRO, start, start + 3000));
    cuts
}

#[test]
fn never_panics() {
    for cut in cuts(101) {
        let clean = clean(cut);
        for p in &clean.paragraphs {
            sentences(&p.text);
        }
    }
    for odd in [
        "",
        " ",
        "\n\n\n",
        "\r",
        "\r\r",
        "-",
        "•",
        "-\n-",
        "a-\n",
        "1)",
        "*",
        "\u{0}\u{1}\u{2}",
        "\u{FFFD}\u{AD}",
        "\t\u{0C}x",
        "…”.",
        "(((",
        "a.b.c.d.",
        "x-\n\n\ny",
        "  • \n",
        "...",
    ] {
        let clean = clean(odd);
        for p in &clean.paragraphs {
            sentences(&p.text);
            p.line_at(p.text.len());
        }
        detect_language(odd);
    }
    let binaryish: String = (0u8..=255).map(char::from).cycle().take(5000).collect();
    clean(&binaryish);
}

#[test]
fn contents_running_headers_menus_and_breadcrumbs_are_page_furniture_or_chrome() {
    let text = "Home | Strategy | Funding | Contact\n\
        You are here: Home › Strategy › Areas\n\
        Start / Regional utveckling / Innovation\n\
        Read more\n\
        1. Introduction .................... 3\n\
        Priority area 2: Furniture                    11\n\
        Regional Strategy 2021-2027                         7\n\
        S4 Navarra 2021-2027            page 7\n\
        The strategy has three areas.\n";
    let clean = clean(text);
    let kept: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(kept, ["The strategy has three areas."]);
    let reasons: Vec<DropReason> = clean.dropped.iter().map(|d| d.reason).collect();
    assert_eq!(
        reasons,
        [
            DropReason::SiteChrome,
            DropReason::SiteChrome,
            DropReason::SiteChrome,
            DropReason::SiteChrome,
            DropReason::PageFurniture,
            DropReason::PageFurniture,
            DropReason::PageFurniture,
            DropReason::PageFurniture
        ]
    );
}

#[test]
fn a_web_page_is_not_taken_for_hard_wrapped_text() {
    // Menu entries and headings over capitalised sentences, each on a line of its own.
    let text = "Home\nAbout us\nServices\nStrategy\nPress\nNews\nContact\nJobs\nEvents\n\n\
        Innovation areas\n\n\
        Efficient production\nMachine builders work on flexible production.\n\n\
        Connected mobility\nSuppliers develop drive systems.\n\n\
        Priority 1: Mobility, with the ports.\nPriority 2: Aerospace.\n";
    let clean = clean(text);
    let kept: Vec<&str> = clean.paragraphs.iter().map(|p| p.text.as_str()).collect();
    for line in [
        "Efficient production",
        "Machine builders work on flexible production.",
        "Connected mobility",
        "Priority 1: Mobility, with the ports.",
        "Priority 2: Aerospace.",
    ] {
        assert!(kept.contains(&line), "{line:?} in {kept:#?}");
    }
}

#[test]
fn a_short_text_s_lines_run_on_where_a_sentence_does() {
    // Too few wrapped lines to know the width: a line ending on `the` or `and`, or as long as a
    // printed line without a full stop, goes on; a short title does not.
    let clean = clean(
        "Areas of work\n\
         The strategy was prepared by the Ministry of Education and Science together with the\n\
         Ministry of Economics. Fur workshops employ many people in Kozani and\n\
         Kastoria, in the entrepreneurial discovery process run by the Marshal's Office of the\n\
         Voivodeship of Łódzkie.\n",
    );
    assert_eq!(
        texts(&clean),
        [
            "Areas of work",
            "The strategy was prepared by the Ministry of Education and Science together with the \
             Ministry of Economics. Fur workshops employ many people in Kozani and Kastoria, in the \
             entrepreneurial discovery process run by the Marshal's Office of the Voivodeship of \
             Łódzkie."
        ]
    );
}

#[test]
fn a_table_of_areas_becomes_items_under_its_header() {
    let clean = clean(
        "Table 3. Areas and their scope\n\n\
         No.    Specialisation area      Scope\n\
         1.     Knowledge-intensive      Higher value added from biomass;\n\
         \x20      bioeconomy               wood processing\n\
         2.     Smart energy and         Renewable energy sources\n\
         \x20      mobility\n",
    );
    let bullets: Vec<&str> = bullet_items(&clean)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(
        bullets,
        [
            "Knowledge-intensive bioeconomy: Higher value added from biomass; wood processing",
            "Smart energy and mobility: Renewable energy sources"
        ]
    );
    assert!(find(&clean, "Specialisation area / Scope").is_heading);
}

#[test]
fn items_nested_by_indentation_or_by_another_marker_are_sub_items() {
    let clean = super::clean(
        "Five areas, each with its sub-areas:\n1. Healthcare\n   a) devices\n   b) medicines\n\
         2. Energy\n\nThe focus areas:\n• Ocean food\n◦ fish health\n• Maritime technology\n\n\
         Prose after the lists.\n• A new list\n",
    );
    let items = bullet_items(&clean);
    assert_eq!(
        items,
        [
            ("Healthcare", false),
            ("devices", true),
            ("medicines", true),
            ("Energy", false),
            ("Ocean food", false),
            ("fish health", true),
            ("Maritime technology", false),
            ("A new list", false)
        ]
    );
}

#[test]
fn capital_letters_enumerate_and_outline_numbers_under_an_item_are_its_parts() {
    let clean = super::clean(
        "Four domains and their sub-domains:\nA. Energy transition\n   A.1 Hydrogen\n   A.2 Smart \
         grids\nB. Materials\nB.1 New alloys\n\nThe priorities:\n1. Health\n1.1 Devices\n2. Food\n\n\
         2.1 The priorities in brief\n\nProse about them.\n",
    );
    assert_eq!(
        bullet_items(&clean),
        [
            ("Energy transition", false),
            ("Hydrogen", true),
            ("Smart grids", true),
            ("Materials", false),
            ("New alloys", true),
            ("Health", false),
            ("Devices", true),
            ("Food", false)
        ]
    );
    // After a blank line, a number under the last item's is the next section's heading.
    assert!(!find(&clean, "2.1 The priorities in brief").is_bullet);
}

#[test]
fn a_lone_item_with_another_bullet_between_its_siblings_is_a_sibling() {
    let clean = super::clean(
        "The domains:\n• Food\n- Textiles\n• Wood\n\nThe areas:\n• Ocean food\n◦ fish health\n\
         • Maritime technology\n",
    );
    let items = bullet_items(&clean);
    assert_eq!(
        items,
        [
            ("Food", false),
            ("Textiles", false),
            ("Wood", false),
            ("Ocean food", false),
            ("fish health", true),
            ("Maritime technology", false)
        ]
    );
}

#[test]
fn a_running_header_between_the_items_of_a_list_is_left_out() {
    let clean = super::clean(
        "Northvale Region          Strategy 2030\n\nThe region has chosen three areas:\n\n\
         1. Forestry – with sawmills\n2. Steel – from the mills\n\n\
         Strategy 2030 for Northvale             Page 6 of 9\n\
         Northvale Region          Strategy 2030\n\n   and their suppliers.\n3. Energy\n",
    );
    let items: Vec<&str> = bullet_items(&clean)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(
        items,
        [
            "Forestry – with sawmills",
            "Steel – from the mills and their suppliers.",
            "Energy"
        ]
    );
}

#[test]
fn a_table_row_of_one_cell_in_capitals_is_the_title_of_a_group_of_rows() {
    let clean = clean(
        "Table 3: Priority areas\n\n\
         No.   Priority area                   Focus areas\n\
         \x20     PILLAR I – DIGITAL\n\
         1     Smart cities and communities    Platforms for city services\n\
         2     Smart buildings and homes,      Wood-based construction\n\
         \x20     with the wood chain\n\
         \x20     PILLAR II – CIRCULAR\n\
         3     Sustainable tourism             Digital services for visitors\n",
    );
    let bullets: Vec<&str> = bullet_items(&clean)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert_eq!(
        bullets,
        [
            "Smart cities and communities: Platforms for city services",
            "Smart buildings and homes, with the wood chain: Wood-based construction",
            "Sustainable tourism: Digital services for visitors"
        ]
    );
    let groups: Vec<&str> = clean
        .dropped
        .iter()
        .filter(|d| d.reason == DropReason::TableGroup)
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(groups.len(), 2, "{:?}", clean.dropped);
}

#[test]
fn links_to_read_more_about_a_topic_are_site_chrome() {
    let clean = clean(
        "Skog och trä\nSkogen täcker två tredjedelar av länet.\nLäs mer om skog och trä\n\n\
         Energy\nWind and solar parks.\nRead more about energy\n",
    );
    assert_eq!(
        texts(&clean),
        [
            "Skog och trä",
            "Skogen täcker två tredjedelar av länet.",
            "Energy",
            "Wind and solar parks."
        ]
    );
}

#[test]
fn consent_buttons_and_skip_links_in_the_regions_languages_are_site_chrome() {
    let clean = clean(
        "Alle akzeptieren\nNur notwendige\nEinstellungen\nOnly necessary\nOK to all\n\
         Manage preferences\nJa, accepteren\nHantera kakor\nAnpassa inställningar\n\
         Gå direkt till innehållet\nTout refuser\nShow details\nJag förstår\nHR | EN\nHome\n\n\
         Smart specialisation\n\
         The region settles on four areas.\n",
    );
    assert_eq!(
        texts(&clean),
        ["Smart specialisation", "The region settles on four areas."]
    );
}
