//! `synth cordis` as a user runs it: every programme, format and quirk in one call.

use crate::common::Env;

/// All three programmes in both formats, with quirks: the counts on stderr are the ones in each
/// release's .quirks.json, and a second run refuses to overwrite.
#[test]
fn all_programmes_in_every_format_with_quirks() {
    let env = Env::new();
    let out = env.path("cordis");
    let args = [
        "synth",
        "cordis",
        "--programme",
        "all",
        "--projects",
        "1620",
        "--seed",
        "3",
        "--quirks",
        "--format",
        "all",
        "-o",
        out.to_str().unwrap(),
    ];
    let output = env.run(&args);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    for (folder, code) in [("fp7", "FP7"), ("h2020", "H2020"), ("horizon", "HORIZON")] {
        let dir = out.join(folder);
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected = vec![".quirks.json".to_string()];
        for stem in ["project", "organization", "euroSciVoc"] {
            expected.extend(["csv", "json"].map(|f| format!("{stem}.{f}")));
        }
        expected.sort();
        assert_eq!(names, expected);
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(".quirks.json")).unwrap()).unwrap();
        assert_eq!(report["frameworkProgramme"], code);
        let line = stderr
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{code}:")))
            .nth(1)
            .expect("a quirks line after the release line");
        let printed: Vec<&str> = line
            .trim()
            .trim_start_matches("quirks injected: ")
            .split(", ")
            .collect();
        for (name, entry) in report["quirks"].as_object().unwrap() {
            let count = format!("{name} {}", entry["count"]);
            assert!(printed.contains(&count.as_str()), "{count} in {line}");
        }
    }
    assert!(env.fail(&args).contains("already exists"));
}
