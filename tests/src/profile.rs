//! A DevTools CPU profile, summed up for the benchmarks.

/// The functions with the most self time and the most total (self + callees) time in a
/// DevTools CPU profile, in ms.
pub fn print_profile_summary(profile: &serde_json::Value) {
    use std::collections::{HashMap, HashSet};
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let mut parent: HashMap<u64, u64> = HashMap::new();
    let mut key: HashMap<u64, String> = HashMap::new();
    for node in &nodes {
        let id = node["id"].as_u64().unwrap_or(0);
        let frame = &node["callFrame"];
        let name = frame["functionName"].as_str().filter(|n| !n.is_empty()).unwrap_or("(anonymous)");
        let url = frame["url"].as_str().unwrap_or("");
        let file = url.rsplit('/').next().unwrap_or("");
        key.insert(id, if file.is_empty() { name.to_owned() } else { format!("{name} [{file}]") });
        for child in node["children"].as_array().into_iter().flatten() {
            parent.insert(child.as_u64().unwrap_or(0), id);
        }
    }
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"].as_array().cloned().unwrap_or_default();
    let (mut own, mut total): (HashMap<&str, f64>, HashMap<&str, f64>) = Default::default();
    // A sample's delta is the time since the previous sample: it belongs to the next one.
    for (sample, delta) in samples.iter().zip(deltas.iter().skip(1)) {
        let ms = delta.as_f64().unwrap_or(0.0) / 1e3;
        let mut id = sample.as_u64().unwrap_or(0);
        *own.entry(key.get(&id).map_or("?", String::as_str)).or_default() += ms;
        let mut seen = HashSet::new();
        loop {
            let name = key.get(&id).map_or("?", String::as_str);
            if seen.insert(name) {
                *total.entry(name).or_default() += ms;
            }
            match parent.get(&id) {
                Some(&up) => id = up,
                None => break,
            }
        }
    }
    for (title, table) in [("self", own), ("total", total)] {
        let mut rows: Vec<_> = table.into_iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!("  CPU profile, most {title} time (ms):");
        for (name, ms) in rows.into_iter().take(30) {
            println!("    {ms:>8.1}  {name}");
        }
    }
}
