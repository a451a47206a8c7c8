//! The VMs a benchmark run compares: parsing `--vm` specifications and
//! finding (or building, see [`super::build`]) their programs.
//!
//! Specifications:
//! - `strix` / `strix:MODE`: the strix next to this runner, in a mode of
//!   [`crate::vm::MODES`] (default the first, `asm`: the generated interpreter);
//! - `luajit`, `luajit-joff`, `lua5.1`: the reference VMs on `PATH`;
//! - `NAME=PROGRAM [ARGS...]`: any command (split on whitespace);
//! - `NAME=git:REV [ARGS...]`: strix built from revision REV of the
//!   repository, in a scratch worktree;
//! - `NAME=DIR [ARGS...]` with DIR a strix source tree: strix built from it.

use std::path::{Path, PathBuf};

/// Where a VM's program comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A program to run as it is (a path, or a name looked up on `PATH`).
    Program,
    /// A git revision to build.
    GitRev(String),
    /// A source tree to build.
    Tree(PathBuf),
}

/// One VM to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Vm {
    /// Short name used in reports, file names and plots.
    pub name: String,
    /// Program to run (after a build: the built binary).
    pub program: String,
    /// Arguments placed before the benchmark script.
    pub args: Vec<String>,
    pub origin: Origin,
}

impl Vm {
    /// The full command line, for reports.
    pub fn command(&self) -> String {
        std::iter::once(self.program.as_str())
            .chain(self.args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The default set: strix, luajit, luajit with its JIT off, lua5.1.
pub const DEFAULT_VMS: &[&str] = &["strix", "luajit", "luajit-joff", "lua5.1"];

/// Parses one `--vm` specification; `strix` is the path of the strix to use
/// for the `strix[:MODE]` forms.
pub fn parse(spec: &str, strix: &str) -> Result<Vm, String> {
    let simple = |name: &str, program: &str, args: &[&str]| Vm {
        name: name.to_string(),
        program: program.to_string(),
        args: args.iter().map(|s| s.to_string()).collect(),
        origin: Origin::Program,
    };
    match spec {
        "luajit" => return Ok(simple("luajit", "luajit", &[])),
        "luajit-joff" => return Ok(simple("luajit-joff", "luajit", &["-joff"])),
        "lua5.1" => return Ok(simple("lua5.1", "lua5.1", &[])),
        _ => {}
    }
    if spec == "strix" || spec.starts_with("strix:") {
        let mode = match spec.strip_prefix("strix:") {
            Some(m) => crate::vm::mode(m).ok_or_else(|| {
                let known: Vec<_> = crate::vm::MODES.iter().map(|m| m.name).collect();
                format!("unknown strix mode '{m}' (known: {})", known.join(", "))
            })?,
            None => crate::vm::MODES[0],
        };
        let mut vm = simple(spec, strix, mode.args);
        vm.name = spec.replace(':', "-");
        return Ok(vm);
    }
    let (name, rest) = spec.split_once('=').ok_or_else(|| {
        format!(
            "unknown VM '{spec}': use one of {} or NAME=COMMAND [ARGS], NAME=git:REV, NAME=DIR",
            ["strix", "strix:MODE"]
                .iter()
                .chain(&DEFAULT_VMS[1..])
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let valid = |c: char| c.is_ascii_alphanumeric() || "-_.+".contains(c);
    if name.is_empty() || !name.chars().all(valid) {
        return Err(format!(
            "VM name '{name}' must be letters, digits and - _ . + (it names files)"
        ));
    }
    let mut words = rest.split_whitespace();
    let first = words
        .next()
        .ok_or_else(|| format!("'{spec}': no command after '='"))?;
    let args: Vec<String> = words.map(String::from).collect();
    let origin = if let Some(rev) = first.strip_prefix("git:") {
        if rev.is_empty() {
            return Err(format!("'{spec}': git: needs a revision"));
        }
        Origin::GitRev(rev.to_string())
    } else if Path::new(first).join("Cargo.toml").is_file() {
        Origin::Tree(PathBuf::from(first))
    } else {
        Origin::Program
    };
    Ok(Vm {
        name: name.to_string(),
        program: first.to_string(),
        args,
        origin,
    })
}

/// Is `program` runnable: an executable path, or a name found on `PATH`?
pub fn available(program: &str) -> bool {
    fn executable(p: &Path) -> bool {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    if program.contains('/') {
        return executable(Path::new(program));
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| executable(&d.join(program))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_builtin_command_and_build_specs() {
        let v = parse("strix", "/x/strix").unwrap();
        assert_eq!(
            (v.name.as_str(), v.command().as_str()),
            ("strix", "/x/strix --interp=asm")
        );
        let v = parse("strix:ref", "/x/strix").unwrap();
        assert_eq!(v.name, "strix-ref");
        assert!(parse("strix:nope", "/x/strix").is_err());
        let v = parse("luajit-joff", "").unwrap();
        assert_eq!(v.command(), "luajit -joff");
        let v = parse("old=/opt/strix --interp=ref", "").unwrap();
        assert_eq!(v.name, "old");
        assert_eq!(v.args, vec!["--interp=ref"]);
        assert_eq!(v.origin, Origin::Program);
        let v = parse("B=git:HEAD~3 --interp=ref", "").unwrap();
        assert_eq!(v.origin, Origin::GitRev("HEAD~3".into()));
        let root = env!("CARGO_MANIFEST_DIR").to_string() + "/..";
        let v = parse(&format!("tree={root}"), "").unwrap();
        assert!(matches!(v.origin, Origin::Tree(_)));
        assert!(parse("nonsense", "").is_err());
        assert!(parse("a/b=x", "").is_err());
        assert!(parse("x=", "").is_err());
        assert!(parse("x=git:", "").is_err());
    }

    #[test]
    fn finds_programs_on_path_and_by_path() {
        assert!(available("sh"));
        assert!(available("/bin/sh"));
        assert!(!available("/nonexistent/strix"));
        assert!(!available("no-such-vm-anywhere"));
    }
}
