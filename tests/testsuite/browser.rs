//! Real-browser checks: builds the seed site and opens every page in headless Chromium, at a
//! desktop and a phone width, in light and dark colour schemes.
//!
//! Per page it fails on: a console error or uncaught exception, an `<img>` that did not load,
//! a stylesheet that did not load or is not applied, a page that overflows sideways (at
//! either width; 375 px is the one that matters), and an inline SVG chart without `role="img"`, without a name or with zero size.
//! Every failure is printed as it is found; the test fails once, at the end, with the list.
//!
//! Full-page screenshots are saved as artefacts under `target/screenshots/<width>/<page>.png`
//! (`CARGO_TARGET_DIR` in place of `target` when set); a sample of pages, a few of each kind,
//! also in dark mode under `target/screenshots/dark-<width>/`.
//!
//! Needs `/usr/bin/chromium` (`apt-get install -y chromium`). Without it the test says
//! `SKIPPED: ...` on stderr and returns, except under `CI`, where it fails.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::common::{chromium_or_skip, CHROMIUM};

/// The widths every page is opened at, with the window height: a laptop and a phone. At
/// neither may the page itself scroll sideways (wide tables scroll inside their own box).
const VIEWPORTS: [(u32, u32); 2] = [(1280, 900), (375, 800)];

/// Runs in the page after it has loaded, reads it and changes nothing. Returns JSON:
/// `{problems: [..], scrollWidth, clientWidth, innerWidth, height, sticksOut}`.
const PAGE_CHECKS: &str = r#"(() => {
  const problems = [];

  // Images.
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image did not load: ${img.getAttribute('src')}`);
    }
  }

  // Stylesheets: linked, loaded, and ours applied.
  const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
  if (links.length === 0) problems.push('no <link rel="stylesheet">');
  for (const link of links) {
    if (!link.sheet) problems.push(`stylesheet did not load: ${link.getAttribute('href')}`);
  }
  if (document.styleSheets.length === 0) problems.push('document.styleSheets is empty');
  const header = document.querySelector('.site-header');
  if (!header) {
    problems.push('no .site-header');
  } else if (getComputedStyle(header).display !== 'flex') {
    problems.push('static/style.css not applied: .site-header is not display:flex');
  }
  if (getComputedStyle(document.body).marginTop !== '0px') {
    problems.push('static/style.css not applied: body keeps its default margin');
  }

  // Phone viewport.
  const viewport = document.querySelector('meta[name="viewport"]');
  if (!viewport || !/width=device-width/.test(viewport.content)) {
    problems.push('no <meta name="viewport" content="width=device-width, ...">');
  }

  // Inline SVG charts (outermost <svg> elements; aria-hidden ones are decoration).
  const svgs = [...document.querySelectorAll('svg')]
    .filter((svg) => !(svg.parentElement && svg.parentElement.closest('svg')));
  svgs.forEach((svg, i) => {
    if (svg.getAttribute('aria-hidden') === 'true') return;
    const title = svg.querySelector(':scope > title');
    const titleText = title ? title.textContent.trim() : '';
    const name = svg.id ? `svg#${svg.id}`
      : titleText ? `svg "${titleText.slice(0, 60)}"` : `svg number ${i + 1}`;
    if (svg.getAttribute('role') !== 'img') problems.push(`${name} has no role="img"`);
    const labelledBy = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    for (const id of labelledBy) {
      if (!document.getElementById(id)) problems.push(`${name}: aria-labelledby names no #${id}`);
    }
    if (!titleText && !svg.getAttribute('aria-label') && labelledBy.length === 0) {
      problems.push(`${name} has no <title>, aria-label or aria-labelledby`);
    }
    const box = svg.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) {
      problems.push(`${name} renders at ${box.width}x${box.height} px`);
    }
  });

  // Size, and when the page is wider than the viewport, the first element sticking out.
  const root = document.documentElement;
  let sticksOut = '';
  if (root.scrollWidth > root.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      if (right > root.clientWidth + 0.5) {
        const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
          + (typeof e.className === 'string' && e.className.trim()
            ? '.' + e.className.trim().split(/\s+/).join('.') : '');
        const parent = el.parentElement ? describe(el.parentElement) + ' > ' : '';
        sticksOut = `${parent}${describe(el)} reaches ${Math.round(right)} px`;
        break;
      }
    }
  }
  return JSON.stringify({
    problems,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    innerWidth: window.innerWidth,
    height: Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0),
    sticksOut,
  });
})()"#;

/// What [`PAGE_CHECKS`] reports.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    problems: Vec<String>,
    scroll_width: f64,
    client_width: f64,
    inner_width: f64,
    height: f64,
    sticks_out: String,
}

/// What the browser tells the test between calls: console errors, and how many pages have
/// finished loading.
#[derive(Default)]
struct Watch {
    console: Mutex<Vec<String>>,
    loads: Mutex<u64>,
    loaded: Condvar,
}

impl Watch {
    fn on_event(&self, event: &Event) {
        let message = match event {
            Event::PageLoadEventFired(_) => {
                *self.loads.lock().unwrap() += 1;
                self.loaded.notify_all();
                None
            }
            Event::RuntimeConsoleAPICalled(e)
                if e.params.Type == Runtime::ConsoleAPICalledEventTypeOption::Error =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value
                            .as_ref()
                            .map(|v| v.to_string())
                            .or_else(|| a.description.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                Some(format!("console.error: {}", args.join(" ")))
            }
            Event::RuntimeExceptionThrown(e) => {
                let d = &e.params.exception_details;
                let what = d
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_else(|| d.text.clone());
                Some(format!("uncaught exception: {what}"))
            }
            // The Log domain reports what the page itself does not: failed loads, CSP, etc.
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                let entry = &e.params.entry;
                match &entry.url {
                    Some(url) => Some(format!("console error: {} ({url})", entry.text)),
                    None => Some(format!("console error: {}", entry.text)),
                }
            }
            _ => None,
        };
        if let Some(message) = message {
            self.console.lock().unwrap().push(message);
        }
    }

    /// Navigates and waits for the new page's load event.
    fn open(&self, tab: &Tab, url: &str) -> Result<(), String> {
        let before = *self.loads.lock().unwrap();
        tab.navigate_to(url)
            .map_err(|e| format!("navigation failed: {e:#}"))?;
        let loads = self.loads.lock().unwrap();
        let (_loads, waited) = self
            .loaded
            .wait_timeout_while(loads, Duration::from_secs(20), |loads| *loads == before)
            .unwrap();
        if waited.timed_out() {
            return Err("the page did not finish loading in 20 s".into());
        }
        Ok(())
    }
}

#[test]
fn every_page_renders_cleanly_in_chromium() {
    if !chromium_or_skip("browser test") {
        return;
    }
    let started = Instant::now();

    // Build the seed site.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let site = out.path().join("site");
    tiltak::build(&tiltak::Config {
        content_dir: root.join("content"),
        out_dir: site.clone(),
        static_dir: root.join("static"),
        base_url: None,
    })
    .expect("the seed content builds");
    let pages = html_pages(&site);
    assert!(
        pages.len() >= 10,
        "expected the seed site to have pages, found {pages:?}"
    );
    let dark_sample = sample_of_each_kind(&pages);
    let shots = screenshot_dir(&root);

    // One browser, one tab. The profile folder is declared first so that it outlives the
    // browser.
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let browser = launch(Path::new(CHROMIUM), profile.path());
    let tab = browser.new_tab().expect("a browser tab");
    let watch = Arc::new(Watch::default());
    let listener = Arc::clone(&watch);
    tab.add_event_listener(Arc::new(move |event: &Event| listener.on_event(event)))
        .expect("an event listener");
    tab.enable_runtime().expect("the Runtime domain");
    tab.enable_log().expect("the Log domain");
    tab.call_method(Emulation::SetScrollbarsHidden { hidden: true })
        .expect("scrollbars hidden, as on a phone");

    let mut failures: Vec<String> = Vec::new();
    let mut fail = |page: &str, label: &str, why: String| {
        let line = format!("{page} [{label}]: {why}");
        eprintln!("FAIL {line}");
        failures.push(line);
    };
    let mut shooting = Duration::ZERO;

    for dark in [false, true] {
        set_colour_scheme(&tab, dark);
        for (width, height) in VIEWPORTS {
            let (label, folder) = if dark {
                (format!("dark, {width}px"), format!("dark-{width}"))
            } else {
                (format!("{width}px"), width.to_string())
            };
            let folder = shots.join(folder);
            let _ = std::fs::remove_dir_all(&folder);
            set_viewport(&tab, width, height);

            for page in &pages {
                // Dark mode only changes colours: a few pages of each kind suffice.
                if dark && !dark_sample.contains(page) {
                    continue;
                }
                watch.console.lock().unwrap().clear();
                if let Err(why) = watch.open(&tab, &file_url(&site.join(page))) {
                    fail(page, &label, why);
                    continue;
                }
                let report = match eval_json::<Report>(&tab, PAGE_CHECKS) {
                    Ok(report) => report,
                    Err(why) => {
                        fail(page, &label, format!("could not check the page: {why}"));
                        continue;
                    }
                };
                // The same in both colour schemes: say it once.
                if !dark {
                    for problem in report.problems {
                        fail(page, &label, problem);
                    }
                    if report.scroll_width > report.client_width
                        || report.scroll_width > report.inner_width
                    {
                        fail(
                            page,
                            &label,
                            format!(
                                "the page scrolls sideways: {} px wide in a {} px viewport ({})",
                                report.scroll_width, report.client_width, report.sticks_out
                            ),
                        );
                    }
                }

                let png = folder.join(Path::new(page).with_extension("png"));
                let shot = Instant::now();
                if let Err(why) = screenshot(&tab, width, report.height, &png) {
                    fail(page, &label, format!("no screenshot: {why}"));
                }
                shooting += shot.elapsed();

                for message in watch.console.lock().unwrap().drain(..) {
                    fail(page, &label, message);
                }
            }
        }
    }

    eprintln!(
        "browser test: {} pages at {} widths, {} of them in dark mode too, in {:.1} s \
         ({:.1} s of it screenshots, in {})",
        pages.len(),
        VIEWPORTS.len(),
        dark_sample.len(),
        started.elapsed().as_secs_f64(),
        shooting.as_secs_f64(),
        shots.display()
    );
    drop(tab);
    drop(browser);

    assert!(
        failures.is_empty(),
        "{} problem(s) in the browser:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Starts headless Chromium with no network chatter of its own.
fn launch(chromium: &Path, profile: &Path) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-quic",
        "--disable-component-update",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-gpu",
        "--disable-extensions",
        "--mute-audio",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .window_size(Some(VIEWPORTS[0]))
        .user_data_dir(Some(profile.to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("valid launch options");
    Browser::new(options).unwrap_or_else(|e| panic!("{CHROMIUM} did not start: {e:#}"))
}

fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("the viewport size");
}

fn set_colour_scheme(tab: &Tab, dark: bool) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: if dark { "dark" } else { "light" }.into(),
        }]),
    })
    .expect("the colour scheme");
}

/// Evaluates an expression that returns a JSON string, and parses it.
fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, expression: &str) -> Result<T, String> {
    let result = tab
        .evaluate(expression, false)
        .map_err(|e| format!("{e:#}"))?;
    let text = result
        .value
        .as_ref()
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("not a string: {result:?}"))?;
    serde_json::from_str(text).map_err(|e| format!("{e}: {text}"))
}

/// A full-page PNG of what the tab shows.
fn screenshot(tab: &Tab, width: u32, height: f64, path: &Path) -> Result<(), String> {
    let png = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width: f64::from(width),
                height: height.max(1.0),
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: Some(true),
        })
        .map_err(|e| format!("{e:#}"))?
        .data;
    use base64_decode::decode;
    let bytes = decode(&png).ok_or("the screenshot is not base64")?;
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where screenshots go: `<target>/screenshots`.
fn screenshot_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_relative() {
                root.join(dir)
            } else {
                dir
            }
        })
        .unwrap_or_else(|| root.join("target"))
        .join("screenshots")
}

/// Every `.html` file of the site, relative, with `/`, sorted.
fn html_pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

/// A few pages of each kind: every top-level page, every `index.html`, and the first page of
/// each folder.
fn sample_of_each_kind(pages: &[String]) -> Vec<String> {
    let mut seen_folders = std::collections::BTreeSet::new();
    pages
        .iter()
        .filter(|page| match page.rsplit_once('/') {
            None => true,
            Some((folder, name)) => seen_folders.insert(folder.to_owned()) || name == "index.html",
        })
        .cloned()
        .collect()
}

/// A `file://` URL for an absolute path, percent-encoding what needs it.
fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !path.starts_with('/') {
        url.push('/');
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Standard base64, without a dependency of its own for it.
mod base64_decode {
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut buffer = 0u32;
        let mut bits = 0;
        for byte in text.bytes() {
            let value = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' => break,
                b'\r' | b'\n' => continue,
                _ => return None,
            };
            buffer = (buffer << 6) | u32::from(value);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}
