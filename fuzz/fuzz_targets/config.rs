//! yardstick.toml (issue 14, item 13): arbitrary text, and the input's
//! strings and numbers spliced into every section a config has — tables,
//! columns, stages, lexicon, standards with where, targets and weights,
//! scoring, currencies — parsed and resolved. An error is fine; a panic,
//! or a config that resolves with an infinite or negative target, is a
//! finding.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().unwrap_or("").replace(['"', '\\', '\n'], "_");
    let number = |s: &str| s.bytes().fold(0u64, |n, b| n.wrapping_mul(31).wrapping_add(b as u64));
    let (a, b, c, d, e) = (next(), next(), next(), next(), next());
    let target = f64::from_bits(number(&d)).to_string().replace("NaN", "nan");
    let spliced = format!(
        "title = \"{a}\"\nfrom = \"{b}\"\n[tables.deals]\nsource = \"{c}\"\n[tables.deals.columns]\n{a} = \"{b}\"\n\
         [stages]\n\"{c}\" = \"won\"\n[lexicon.deals]\nrep = [\"{d}\"]\n\
         [[standards]]\nid = \"{e}\"\ntable = \"activities\"\nwhere = {{ kind = [\"{a}\"] }}\ntarget = {target}\n\
         [[standards]]\nid = \"win_rate\"\ntarget = {target}\nweight = {target}\n"
    );
    for source in [text.as_ref(), spliced.as_str()] {
        if let Ok(file) = toml::from_str::<yardstick::config::FileConfig>(source) {
            if let Ok(config) = yardstick::Config::resolve(file, None) {
                for s in &config.standards {
                    assert!(s.target.is_finite() && s.target > 0.0, "target {}", s.target);
                }
            }
        }
    }
});
