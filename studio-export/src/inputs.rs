//! Reading the inputs: files and directories, each file recognised by its magic.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use strix_auditlog::Log;
use strix_vmprofile::ProfileData;

pub struct Loaded {
    pub logs: Vec<(PathBuf, Log)>,
    pub profiles: Vec<(PathBuf, ProfileData)>,
    pub warnings: Vec<String>,
    /// Something could not be decoded in full.
    pub damaged: bool,
}

/// Load every input; directories contribute the files in them that are recognised.
pub fn load(args: &[OsString]) -> Result<Loaded, String> {
    let mut l = Loaded {
        logs: Vec::new(),
        profiles: Vec::new(),
        warnings: Vec::new(),
        damaged: false,
    };
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.is_file())
                .collect();
            files.sort();
            for f in files {
                load_file(&mut l, &f, false)?;
            }
        } else {
            load_file(&mut l, p, true)?;
        }
    }
    Ok(l)
}

fn load_file(l: &mut Loaded, p: &Path, named: bool) -> Result<(), String> {
    let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    if bytes.starts_with(&strix_auditlog::MAGIC) {
        match strix_auditlog::read_log(&bytes) {
            Ok(log) => {
                if let Some(d) = &log.damage {
                    l.warnings.push(format!(
                        "{}: decoded up to offset {} ({}); the rest is lost",
                        p.display(),
                        d.offset,
                        d.reason
                    ));
                    l.damaged = true;
                }
                l.logs.push((p.to_path_buf(), log));
            }
            Err(e) => {
                l.warnings.push(format!("{}: {e}", p.display()));
                l.damaged = true;
            }
        }
    } else if bytes.starts_with(&strix_vmprofile::MAGIC) {
        match strix_vmprofile::read_profile(&bytes) {
            Ok(d) => l.profiles.push((p.to_path_buf(), d)),
            Err(e) => {
                l.warnings.push(format!("{}: {e}", p.display()));
                l.damaged = true;
            }
        }
    } else if named {
        return Err(format!(
            "{}: neither an auditlog nor a vmprofile",
            p.display()
        ));
    }
    Ok(())
}
