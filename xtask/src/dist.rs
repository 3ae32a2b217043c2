//! Assembles `dist/`: fingerprinted JS, WASM and CSS, the filled-in `index.html`, `sw.js` and
//! `sw-sync.js`, the manifest and icons, and pre-compressed `.br`/`.gz` siblings.

use crate::Paths;
use crate::build::{Bindgen, SPLIT_LOADER_PLACEHOLDER};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::Path;

/// Base name of the fingerprinted JS and WASM files.
const APP_STEM: &str = "kontaktpunkt-app";
/// Base name of the fingerprinted stylesheet.
const CSS_STEM: &str = "kontaktpunkt";
/// Extensions that get `.br` and `.gz` siblings (PNG is already compressed).
const COMPRESSED_EXTENSIONS: [&str; 6] = ["html", "js", "wasm", "css", "webmanifest", "svg"];

/// One file written to `dist/`, for the build's report.
pub struct Written {
    pub name: String,
    pub len: usize,
}

/// Everything that goes into `dist/`, by name, before it is written.
struct Dist {
    files: Vec<(String, Vec<u8>)>,
}

impl Dist {
    fn add(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.push((name.into(), bytes));
    }
}

pub fn assemble(paths: &Paths, bindgen: &Bindgen) -> Result<Vec<Written>> {
    let mut dist = Dist { files: Vec::new() };

    let linked = link_chunks(bindgen)?;
    let (js_name, wasm_name) = (linked.js_name.clone(), linked.wasm_name.clone());
    let css = concat_css(&paths.style())?;
    let css_name = fingerprint(CSS_STEM, "css", &css);
    dist.add(&js_name, linked.js);
    dist.add(&wasm_name, linked.wasm);
    dist.add(&linked.loader_name, linked.loader);
    for (name, bytes) in linked.chunks {
        dist.add(name, bytes);
    }
    dist.add(&css_name, css);

    let public = paths.public();
    let html = read_text(&public.join("index.html"))?;
    let html = fill(
        &html,
        &[
            ("{{APP_JS}}", &format!("/{js_name}")),
            ("{{APP_WASM}}", &format!("/{wasm_name}")),
            ("{{APP_CSS}}", &format!("/{css_name}")),
        ],
    )?;
    dist.add("index.html", html.into_bytes());
    dist.add("manifest.webmanifest", read(&public.join("manifest.webmanifest"))?);
    for icon in list_dir(&public.join("icons"))? {
        let name = file_name(&icon)?;
        if name.ends_with(".png") || name.ends_with(".svg") {
            dist.add(format!("icons/{name}"), read(&icon)?);
        }
    }

    // The shell the service worker precaches: everything so far, index.html served as '/'.
    let precache: Vec<String> = dist
        .files
        .iter()
        .map(|(name, _)| if name == "index.html" { "/".to_owned() } else { format!("/{name}") })
        .collect();
    let version = cache_version(&dist);
    let sw = read_text(&public.join("sw.js"))?;
    let precache_json = serde_json::to_string(&precache).context("encoding the precache list")?;
    let sw = fill(&sw, &[("__CACHE_VERSION__", &version), ("__PRECACHE_URLS__", &precache_json)])?;
    dist.add("sw.js", sw.into_bytes());
    // The module worker used where Background Sync exists: sw.js plus the outbox push, which
    // loads the app's own module.
    let sw_sync = read_text(&public.join("sw-sync.js"))?;
    let sw_sync = fill(
        &sw_sync,
        &[("__APP_JS__", &format!("/{js_name}")), ("__APP_WASM__", &format!("/{wasm_name}"))],
    )?;
    dist.add("sw-sync.js", sw_sync.into_bytes());

    write(paths, dist)
}

/// The app's files with fingerprinted names that refer to each other by those names.
struct Linked {
    js_name: String,
    js: Vec<u8>,
    wasm_name: String,
    wasm: Vec<u8>,
    loader_name: String,
    loader: Vec<u8>,
    chunks: Vec<(String, Vec<u8>)>,
}

/// Fingerprints the chunks and the split loader and rewrites the references between them:
/// the loader fetches `./<chunk>.wasm` and imports the JS glue; the glue and the wasm import
/// the loader. The glue's name is taken before the loader's name is put in (which hashes the
/// glue's name in), so the names stay content-addressed without a cycle.
fn link_chunks(bindgen: &Bindgen) -> Result<Linked> {
    let mut loader =
        String::from_utf8(bindgen.split_loader.clone()).context("the split loader is not UTF-8")?;
    let mut chunks = Vec::new();
    for (stem, bytes) in &bindgen.chunks {
        let name = fingerprint(&format!("{APP_STEM}-{}", stem.replace('_', "-")), "wasm", bytes);
        let reference = format!("\"./{stem}.wasm\"");
        if !loader.contains(&reference) {
            bail!("the split loader does not load {stem}.wasm");
        }
        loader = loader.replace(&reference, &format!("\"./{name}\""));
        chunks.push((name, bytes.clone()));
    }
    let mut glue_and_loader = bindgen.js.clone();
    glue_and_loader.extend_from_slice(loader.as_bytes());
    let js_name = fingerprint(APP_STEM, "js", &glue_and_loader);
    let loader = fill(&loader, &[(&format!("\"./{APP_STEM}.js\""), &format!("\"./{js_name}\""))])?;
    let loader_name = fingerprint("kontaktpunkt-split", "js", loader.as_bytes());
    if loader_name.len() != SPLIT_LOADER_PLACEHOLDER.len() {
        bail!("the split loader's name {loader_name} must be as long as {SPLIT_LOADER_PLACEHOLDER}");
    }
    let js = String::from_utf8(bindgen.js.clone()).context("the JS glue is not UTF-8")?;
    let js = fill(&js, &[(SPLIT_LOADER_PLACEHOLDER, &loader_name)])?;
    let wasm = replace_bytes(&bindgen.wasm, SPLIT_LOADER_PLACEHOLDER.as_bytes(), loader_name.as_bytes());
    let wasm_name = fingerprint(APP_STEM, "wasm", &wasm);
    Ok(Linked {
        js_name,
        js: js.into_bytes(),
        wasm_name,
        wasm,
        loader_name,
        loader: loader.into_bytes(),
        chunks,
    })
}

/// `bytes` with every `from` replaced by the equally long `to`.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    debug_assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

/// `<stem>-<first 16 hex digits of sha256>.<ext>`: the server caches such names forever.
fn fingerprint(stem: &str, ext: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}.{ext}", &hex::encode(Sha256::digest(bytes))[..16])
}

/// The service worker's cache version: changes whenever any precached byte changes.
fn cache_version(dist: &Dist) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in &dist.files {
        hasher.update(name.as_bytes());
        hasher.update(Sha256::digest(bytes));
    }
    hex::encode(hasher.finalize())[..16].to_owned()
}

/// All `style/*.css` in name order, as one stylesheet.
fn concat_css(dir: &Path) -> Result<Vec<u8>> {
    let mut css = Vec::new();
    for path in list_dir(dir)? {
        let name = file_name(&path)?;
        if name.ends_with(".css") {
            css.extend_from_slice(format!("/* {name} */\n").as_bytes());
            css.extend(read(&path)?);
            css.push(b'\n');
        }
    }
    if css.is_empty() {
        bail!("no stylesheets in {}", dir.display());
    }
    Ok(css)
}

/// Replaces each placeholder, insisting that every one is present (a typo must not ship).
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_owned();
    for (placeholder, value) in values {
        if !out.contains(placeholder) {
            bail!("template lacks the placeholder {placeholder}");
        }
        out = out.replace(placeholder, value);
    }
    Ok(out)
}

/// Clears the old `dist/` and writes every file, with `.br`/`.gz` siblings where useful.
fn write(paths: &Paths, dist: Dist) -> Result<Vec<Written>> {
    if paths.dist.exists() {
        fs::remove_dir_all(&paths.dist).with_context(|| format!("clearing {}", paths.dist.display()))?;
    }
    let mut written = Vec::new();
    for (name, bytes) in dist.files {
        let path = paths.dist.join(&name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let compress = COMPRESSED_EXTENSIONS.iter().any(|ext| name.ends_with(&format!(".{ext}")));
        if compress {
            let br = brotli(&bytes)?;
            let gz = gzip(&bytes)?;
            write_file(&paths.dist.join(format!("{name}.br")), &br)?;
            write_file(&paths.dist.join(format!("{name}.gz")), &gz)?;
            written.push(Written { name: format!("{name}.br"), len: br.len() });
            written.push(Written { name: format!("{name}.gz"), len: gz.len() });
        }
        write_file(&path, &bytes)?;
        written.push(Written { name, len: bytes.len() });
    }
    written.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(written)
}

/// Brotli at quality 11 (slow to build, smallest to ship).
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli compression")?;
    Ok(out)
}

/// Gzip at the best level, for clients without brotli.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).context("gzip compression")?;
    encoder.finish().context("gzip compression")
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// The files of a directory, sorted by name.
pub fn list_dir(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry.with_context(|| format!("listing {}", dir.display()))?.path();
        if path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

pub fn file_name(path: &Path) -> Result<&str> {
    path.file_name().and_then(|n| n.to_str()).with_context(|| format!("odd file name {}", path.display()))
}
