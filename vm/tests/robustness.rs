//! Bad input never panics: random bytes, mutated programs and deep nesting give
//! `Ok` or a syntax error.

use strix_vm::bc::list::list;
use strix_vm::parse::parse;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn check(src: &[u8]) {
    if let Ok(p) = parse(src, b"=fuzz") {
        let mut out = Vec::new();
        list(&p, &mut out);
        assert!(!out.is_empty());
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let len = (rng.next() % 200) as usize;
        let src: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        check(&src);
    }
}

#[test]
fn token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "local ",
        "x",
        "y",
        "f",
        "=",
        "==",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        ";",
        ":",
        "::",
        ".",
        "..",
        "...",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "#",
        "<",
        ">=",
        "~=",
        "and ",
        "or ",
        "not ",
        "if ",
        "then ",
        "else ",
        "elseif ",
        "end ",
        "while ",
        "do ",
        "for ",
        "in ",
        "repeat ",
        "until ",
        "function ",
        "return ",
        "break ",
        "goto ",
        "nil ",
        "true ",
        "false ",
        "1 ",
        "2.5 ",
        "0x10 ",
        "\"s\" ",
        "[[l]] ",
        "\n",
        "lbl ",
        "pairs ",
        "next ",
    ];
    let mut rng = Rng(12345);
    for _ in 0..5000 {
        let n = (rng.next() % 60) as usize;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(TOKENS[(rng.next() % TOKENS.len() as u64) as usize]);
        }
        check(src.as_bytes());
    }
}

#[test]
fn mutated_programs_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listing");
    let mut rng = Rng(777);
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "lua") {
            continue;
        }
        let src = std::fs::read(&p).expect("read");
        check(&src);
        for _ in 0..60 {
            let mut m = src.clone();
            for _ in 0..(1 + rng.next() % 4) {
                if m.is_empty() {
                    break;
                }
                let i = (rng.next() % m.len() as u64) as usize;
                match rng.next() % 3 {
                    0 => m[i] = rng.next() as u8,
                    1 => {
                        m.remove(i);
                    }
                    _ => {
                        let j = (rng.next() % m.len() as u64) as usize;
                        let c = m[j];
                        m.insert(i, c);
                    }
                }
            }
            check(&m);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let n = 1_000_000;
    let mut src = b"x = ".to_vec();
    src.extend(std::iter::repeat_n(b'(', n));
    let e = parse(&src, b"=deep").expect_err("too deep");
    assert_eq!(e.msg, b"deep:1: chunk has too many syntax levels");
    for (open, close) in [
        ("do ", "end "),
        ("{", "}"),
        ("function f() ", "end "),
        ("- ", ""),
    ] {
        let mut s = String::from("x = 1 ");
        if open == "{" || open == "- " {
            s = String::from("x = ");
        }
        s.push_str(&open.repeat(10_000));
        s.push_str(&close.repeat(10_000));
        let e = parse(s.as_bytes(), b"=deep").expect_err(open);
        assert!(
            e.msg.ends_with(b"chunk has too many syntax levels"),
            "{open}"
        );
    }
}

#[test]
fn moderate_nesting_compiles() {
    let mut s = String::from("x = ");
    s.push_str(&"(".repeat(150));
    s.push('1');
    s.push_str(&")".repeat(150));
    assert!(parse(s.as_bytes(), b"=ok").is_ok());
}

#[test]
fn huge_string_literal_is_linear() {
    let n = 10 * 1024 * 1024;
    let mut src = b"return \"".to_vec();
    src.extend(std::iter::repeat_n(b'a', n));
    src.extend_from_slice(b"\\n\"");
    let p = parse(&src, b"=big").expect("parses");
    match p.kgc.first() {
        Some(strix_vm::proto::KGc::Str(s)) => assert_eq!(s.len(), n + 1),
        other => panic!("unexpected constant {:?}", other.map(|_| ())),
    }
    let mut long = b"return [==[".to_vec();
    long.extend(std::iter::repeat_n(b'b', n));
    long.extend_from_slice(b"]==]");
    assert!(parse(&long, b"=big").is_ok());
}
