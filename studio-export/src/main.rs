//! studio-export: `studio-export COMMAND INPUTS...` turns auditlogs and vmprofile files
//! (or directories of them, recognised by content) into a summary, an event list,
//! source-beside-bytecode listings, or JSON. Damaged inputs are decoded up to the
//! damage with a warning naming the file and offset; exit status 3 says so.

mod inputs;
mod json;
mod protos;
mod report;

use std::process::ExitCode;

const USAGE: &str = "usage: studio-export COMMAND INPUTS...
commands:
  summary   VM states per profile, events, uncaught errors and crashes
  events    every auditlog event in time order
  protos    each prototype's source lines beside its bytecode
  json      everything decoded, as JSON (schema: docs/studio-export-json.md)
inputs: auditlog files, vmprofile files, or directories holding them
exit status: 0 ok, 1 usage or unreadable input, 3 some input was damaged";

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let Some(cmd) = args.first().and_then(|c| c.to_str()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(1);
    };
    if matches!(cmd, "-h" | "--help" | "help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.len() < 2 {
        eprintln!("studio-export: no inputs\n{USAGE}");
        return ExitCode::from(1);
    }
    let loaded = match inputs::load(&args[1..]) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("studio-export: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &loaded.warnings {
        eprintln!("studio-export: warning: {w}");
    }
    let out = match cmd {
        "summary" => report::summary(&loaded),
        "events" => report::events(&loaded),
        "protos" => protos::listing(&loaded),
        "json" => json::export(&loaded),
        _ => {
            eprintln!("studio-export: unknown command '{cmd}'\n{USAGE}");
            return ExitCode::from(1);
        }
    };
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    if loaded.damaged {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}
