//! Syntax error messages compared with what `luajit` prints (recorded in
//! `tests/syntax/*.expected`; re-record with `tests/syntax/record.sh`).

use std::path::Path;

use strix_vm::parse::parse;

#[test]
fn messages_match_luajit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("syntax dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 40);
    let mut failures = Vec::new();
    for path in &entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let src = std::fs::read(path).expect("read source");
        let mut expected = std::fs::read(path.with_extension("expected")).expect("expected");
        if expected.last() == Some(&b'\n') {
            expected.pop();
        }
        let mut chunkname = b"@".to_vec();
        chunkname.extend_from_slice(name.as_bytes());
        let got = match parse(&src, &chunkname) {
            Ok(_) => b"<no error>".to_vec(),
            Err(e) => e.msg,
        };
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected: {}\n  got:      {}",
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} message(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Messages for string chunks, recorded from `luajit -e 'print(loadstring(...))'`.
#[test]
fn string_chunk_names() {
    let cases: [(&str, &str); 3] = [
        (
            "x = ",
            "[string \"x = \"]:1: unexpected symbol near '<eof>'",
        ),
        (
            "x = \"abc",
            "[string \"x = \"abc\"]:1: unfinished string near '<eof>'",
        ),
        (
            "local t = 1\nt y",
            "[string \"local t = 1...\"]:2: '=' expected near 'y'",
        ),
    ];
    for (src, msg) in cases {
        let e = parse(src.as_bytes(), src.as_bytes()).expect_err(src);
        assert_eq!(String::from_utf8_lossy(&e.msg), msg);
    }
}

/// 64-bit integer and imaginary literals need the FFI, which strix does not have yet;
/// luajit accepts them, so this message is ours.
#[test]
fn ffi_literals_are_rejected_clearly() {
    for src in ["x = 1LL", "x = 0x10ull", "x = 2i"] {
        let e = parse(src.as_bytes(), b"=t").expect_err(src);
        let msg = String::from_utf8_lossy(&e.msg).into_owned();
        assert!(
            msg.starts_with("t:1: malformed number (64-bit integer"),
            "{msg}"
        );
        assert!(msg.contains("need the FFI"), "{msg}");
    }
}
