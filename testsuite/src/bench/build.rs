//! Builds strix for A/B comparisons: from a git revision (checked out into a
//! scratch worktree) or from a source tree, into a scratch directory.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cmd`, with its output going to `log`; an error quotes the log's tail.
fn run_logged(mut cmd: Command, what: &str, log: &Path) -> Result<(), String> {
    let file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let status = cmd
        .stdout(file)
        .stderr(err)
        .status()
        .map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let tail: Vec<&str> = text.lines().rev().take(15).collect();
    Err(format!(
        "{what} failed ({status}); last lines of {}:\n{}",
        log.display(),
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    ))
}

/// Builds the `strix` binary of the source tree `src` (release profile, with
/// the shared `target` directory) and copies it to `scratch/bin/NAME`.
pub fn build_tree(src: &Path, name: &str, scratch: &Path) -> Result<PathBuf, String> {
    let target = scratch.join("target");
    let bin = scratch.join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "--release", "-p", "strix-vm", "--bin", "strix"])
        .current_dir(src)
        .env("CARGO_TARGET_DIR", &target);
    run_logged(
        cmd,
        &format!("building {name} in {}", src.display()),
        &scratch.join(format!("build-{name}.log")),
    )?;
    let out = bin.join(name);
    std::fs::copy(target.join("release").join("strix"), &out)
        .map_err(|e| format!("copying the strix built for {name}: {e}"))?;
    Ok(out)
}

/// Checks revision `rev` of the repository at `repo` out into a scratch
/// worktree, builds it with [`build_tree`] and removes the worktree again.
pub fn build_rev(repo: &Path, rev: &str, name: &str, scratch: &Path) -> Result<PathBuf, String> {
    // git runs in the repository: a relative scratch path would land there.
    let scratch =
        &std::path::absolute(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let tree = scratch.join(format!("src-{name}"));
    let git = |args: &[&str]| {
        let mut c = Command::new("git");
        c.arg("-C").arg(repo).args(args);
        c
    };
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .output()
    .map_err(|e| format!("git: {e}"))?;
    if !commit.status.success() {
        return Err(format!(
            "'{rev}' is not a revision of the repository at {}",
            repo.display()
        ));
    }
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    let _ = std::fs::remove_dir_all(&tree);
    let _ = git(&["worktree", "prune"]).output();
    let tree_s = tree.to_string_lossy().into_owned();
    run_logged(
        git(&["worktree", "add", "--detach", &tree_s, &commit]),
        &format!("checking out {rev}"),
        &scratch.join(format!("checkout-{name}.log")),
    )?;
    let built = build_tree(&tree, name, scratch);
    let _ = git(&["worktree", "remove", "--force", &tree_s]).output();
    built
}
