//! Project automation: `cargo xtask build` turns the Leptos app into a deployable `dist/`,
//! `cargo xtask size` measures it against the shell budget.
//!
//! Only crates from crates.io are used (no trunk, no downloaded binaries), so a fresh checkout
//! with a Rust toolchain and the wasm32 target can build the app.

mod build;
mod dist;
mod size;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate that becomes the browser bundle.
const APP_PACKAGE: &str = "kontaktpunkt-app";
/// The wasm target the app compiles for.
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The cargo profile for the browser bundle (size-optimised, see the root `Cargo.toml`).
const WASM_PROFILE: &str = "wasm-release";

fn main() -> Result<()> {
    let task = std::env::args().nth(1);
    let paths = Paths::discover()?;
    match task.as_deref() {
        Some("build") => build::run(&paths),
        Some("size") => size::run(&paths),
        _ => {
            eprintln!("usage: cargo xtask <build|size>");
            eprintln!("  build  compile the app to wasm and write a fingerprinted, compressed dist/");
            eprintln!("  size   print the shell's raw/gzip/brotli sizes against the budget");
            bail!("unknown task {task:?}")
        }
    }
}

/// Where things live: the workspace, cargo's target directory, the output directory.
pub struct Paths {
    pub root: PathBuf,
    pub target: PathBuf,
    pub dist: PathBuf,
}

impl Paths {
    fn discover() -> Result<Self> {
        // `cargo run` sets the manifest dir of the checkout it runs in; the path compiled in is
        // only the fallback, as a build cache shared by several checkouts (CI clones, worktrees)
        // may hand one checkout the xtask binary another compiled.
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let root =
            manifest.parent().context("xtask must live one level below the workspace root")?.to_path_buf();
        let target = target_dir(&root)?;
        // The same variable the server and the end-to-end tests read, so all three agree.
        let dist = std::env::var_os("KONTAKTPUNKT_DIST_DIR").map_or_else(|| root.join("dist"), PathBuf::from);
        Ok(Self { root, target, dist })
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn style(&self) -> PathBuf {
        self.root.join("style")
    }
}

/// The cargo binary that runs us (so `cargo +toolchain xtask` stays on that toolchain).
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Asks cargo for the target directory, which honours `CARGO_TARGET_DIR` and `.cargo/config.toml`.
fn target_dir(root: &Path) -> Result<PathBuf> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .context("running `cargo metadata`")?;
    if !output.status.success() {
        bail!("`cargo metadata` failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("parsing `cargo metadata` output")?;
    let dir = metadata["target_directory"]
        .as_str()
        .context("`cargo metadata` did not report a target_directory")?;
    Ok(PathBuf::from(dir))
}
