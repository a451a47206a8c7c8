//! Compares the front end's bytecode listings with `luajit -bl` output recorded in
//! `tests/listing/*.expected` (re-record with `tests/listing/record.sh`).

use std::path::Path;

use strix_vm::bc::list::list;
use strix_vm::parse::parse;

#[test]
fn listings_match_luajit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listing");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("listing dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 40, "expected at least 40 listing cases");
    let mut failures = Vec::new();
    for path in &entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let src = std::fs::read(path).expect("read source");
        let expected = std::fs::read(path.with_extension("expected")).expect("read expected");
        let mut chunkname = b"@".to_vec();
        chunkname.extend_from_slice(name.as_bytes());
        let mut out = Vec::new();
        match parse(&src, &chunkname) {
            Ok(p) => list(&p, &mut out),
            Err(e) => out.extend_from_slice(&e.msg),
        }
        if out != expected {
            failures.push(format!(
                "== {name}\n-- expected\n{}\n-- got\n{}",
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&out)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} listing(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
