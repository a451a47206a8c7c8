//! The VM under test and its execution modes.

use std::path::{Path, PathBuf};

/// An execution mode: a name for reports and the arguments that select it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    pub name: &'static str,
    pub args: &'static [&'static str],
}

/// Every execution mode strix has, in the order `--mode all` runs them.
/// Add `asm` (generated interpreter), `jit` and `jitstress` here as they land.
pub const MODES: &[Mode] = &[
    // The first is strix's default: what `strix` alone means to the runners.
    Mode {
        name: "asm",
        args: &["--interp=asm"],
    },
    Mode {
        name: "ref",
        args: &["--interp=ref"],
    },
    // Mode { name: "jit", args: &["-jon"] },
    // Mode { name: "jitstress", args: &["-jon", "-Ohotloop=1", "-Ohotexit=1"] },
];

/// Looks a mode up by name.
pub fn mode(name: &str) -> Option<Mode> {
    MODES.iter().copied().find(|m| m.name == name)
}

/// The modes `diff` and `difffuzz` compare: the first requested mode is the
/// baseline and the others are compared with it; when only one mode is
/// requested (the default, `ref`), every other mode is.
pub fn diff_modes(requested: &[Mode]) -> (Mode, Vec<Mode>) {
    let base = requested.first().copied().unwrap_or(MODES[0]);
    let mut others: Vec<Mode> = requested.iter().skip(1).copied().collect();
    if others.is_empty() {
        others = MODES.iter().copied().filter(|m| *m != base).collect();
    }
    (base, others)
}

/// The VM program to run.
#[derive(Debug, Clone)]
pub struct Vm {
    /// Program path or name (found on `PATH` by the OS if bare).
    pub program: String,
    /// The name it prints before uncaught errors (`strix`, `luajit`, ...).
    pub name: String,
}

impl Vm {
    /// Describes the VM at `program`; its error prefix is its file name.
    pub fn new(program: &str) -> Vm {
        let name = Path::new(program)
            .file_name()
            .map_or_else(|| program.to_string(), |n| n.to_string_lossy().into_owned());
        Vm {
            program: program.to_string(),
            name,
        }
    }

    /// Is this strix (so mode arguments apply)? Reference VMs take none.
    pub fn is_strix(&self) -> bool {
        self.name.starts_with("strix")
    }

    /// The modes to run this VM in: the requested ones for strix, and a
    /// single argument-less pseudo-mode for reference VMs.
    pub fn modes(&self, requested: &[Mode]) -> Vec<Mode> {
        if self.is_strix() {
            requested.to_vec()
        } else {
            vec![Mode {
                name: "plain",
                args: &[],
            }]
        }
    }

    /// Full argument list: mode arguments, then `rest`.
    pub fn args(&self, mode: &Mode, rest: &[&str]) -> Vec<String> {
        mode.args
            .iter()
            .chain(rest)
            .map(|s| s.to_string())
            .collect()
    }
}

/// The default VM: `strix` next to this runner binary (same cargo target
/// directory), else `strix` on `PATH`.
pub fn default_vm() -> String {
    let sibling: Option<PathBuf> = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.join("strix")));
    match sibling {
        Some(p) if p.is_file() => p.to_string_lossy().into_owned(),
        _ => "strix".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_compares_the_first_mode_with_the_rest() {
        let (r, a) = (mode("ref").unwrap(), mode("asm").unwrap());
        assert_eq!(diff_modes(&[r]), (r, vec![a]));
        assert_eq!(diff_modes(&[a]), (a, vec![r]));
        assert_eq!(diff_modes(&[r, r]), (r, vec![r]));
        assert_eq!(diff_modes(MODES).1.len(), MODES.len() - 1);
    }

    #[test]
    fn reference_vms_get_no_mode_args() {
        let lj = Vm::new("/usr/bin/luajit");
        assert_eq!(lj.name, "luajit");
        assert!(!lj.is_strix());
        assert_eq!(lj.modes(MODES)[0].args.len(), 0);
        let s = Vm::new("target/debug/strix");
        assert!(s.is_strix());
        assert_eq!(
            s.args(&s.modes(&[mode("ref").unwrap()])[0], &["-"]),
            vec!["--interp=ref", "-"]
        );
    }
}
