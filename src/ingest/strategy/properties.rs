//! No text makes the strategy parser panic, and its errors cite lines of the document.
use super::*;
use crate::ingest::damage;
use proptest::prelude::*;

const SEEDS: [&str; 3] = [
    include_str!("../../../seeds/region-orebro-life-science-strategy.sv.txt"),
    include_str!("../../../seeds/region-stockholm-research.txt"),
    include_str!("../../../seeds/smaland-blekinge-halland-health-innovation.txt"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_gives_a_strategy_or_an_error(text in "\\PC{0,400}") {
        let _ = looks_like_strategy(&text);
        let _ = parse_strategy(&text);
    }

    #[test]
    fn damaged_strategies_fail_at_lines_they_have(seed in 0..SEEDS.len(), edits in damage::edits()) {
        let text = damage::apply(SEEDS[seed], &edits);
        let _ = looks_like_strategy(&text);
        if let Err(e) = parse_strategy(&text) {
            damage::assert_lines_within(&e.to_string(), &text);
        }
    }
}
