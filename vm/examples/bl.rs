//! List a Lua file's bytecode as `luajit -bl` does (a development aid for the front end).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bl file.lua");
        std::process::exit(2);
    };
    let src = match std::fs::read(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bl: {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut name = b"@".to_vec();
    name.extend_from_slice(path.as_bytes());
    match strix_vm::parse::parse(&src, &name) {
        Ok(p) => {
            let mut out = Vec::new();
            strix_vm::bc::list::list(&p, &mut out);
            use std::io::Write;
            let _ = std::io::stdout().write_all(&out);
        }
        Err(e) => {
            use std::io::Write;
            let mut err = std::io::stderr();
            let _ = err.write_all(b"bl: ");
            let _ = err.write_all(&e.msg);
            let _ = err.write_all(b"\n");
            std::process::exit(1);
        }
    }
}
