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

/// `first-last: line line ...` for each function, children first (as tools/lineinfo.lua).
fn lines(p: &strix_vm::proto::ProtoData, out: &mut String) {
    if p.flags & strix_vm::proto::PROTO_CHILD != 0 {
        for k in &p.kgc {
            if let strix_vm::proto::KGc::Proto(c) = k {
                lines(c, out);
            }
        }
    }
    let l: Vec<String> = p.lineinfo.iter().map(|l| l.to_string()).collect();
    out.push_str(&format!(
        "{}-{}: {}\n",
        p.firstline,
        p.lastline(),
        l.join(" ")
    ));
}

#[test]
fn line_numbers_match_luajit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listing");
    let mut failures = Vec::new();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("listing dir").flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "lua") {
            continue;
        }
        n += 1;
        let src = std::fs::read(&path).expect("read source");
        let expected = std::fs::read_to_string(path.with_extension("lines")).expect("lines");
        let p = parse(&src, b"@t.lua").expect("parses");
        let mut got = String::new();
        lines(&p, &mut got);
        if got != expected {
            failures.push(format!("{}:\n{expected}--\n{got}", path.display()));
        }
    }
    assert!(n >= 40);
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
