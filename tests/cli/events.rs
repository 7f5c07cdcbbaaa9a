//! `events --offline`: the JSON says what the table says, row for row (group, list use,
//! description and provenance), with no credentials.

use crate::support::Test;

#[test]
fn offline_json_and_table_agree_row_for_row() {
    let t = Test::new();
    let json = t.run(&["events", "--offline", "--json"]).json();
    let json = json.as_array().unwrap();
    let table = t.run(&["events", "--offline"]).ok().to_string();
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(rows.len(), json.len(), "{table}");
    for (row, e) in rows.iter().zip(json) {
        let cols: Vec<&str> = row
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let list = if e["uses_list"].as_bool().unwrap() {
            "yes"
        } else {
            "no"
        };
        let provenance = match e["year"].as_u64() {
            Some(y) => format!("{} {y}", e["provenance"].as_str().unwrap()),
            None => e["provenance"].as_str().unwrap().to_string(),
        };
        let want = [
            e["name"].as_str().unwrap(),
            e["group"].as_str().unwrap(),
            list,
            &provenance,
            e["description"].as_str().unwrap(),
        ];
        assert_eq!(cols, want, "{row}\n{e}");
    }
}
