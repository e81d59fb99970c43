//! Which files git and the AWS CLI read, in their order, with scopes; includes resolved as git
//! resolves them (at the line of the include, depth-limited, conditions evaluated).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix_glob::wildmatch as glob_match;
use gix_glob::wildmatch::Mode;

use crate::base::env::Env;
use crate::base::source::{Scope, Source};
use crate::parse::gitconfig::{Entry, GitConfigFile};

/// Git's limit on nested includes.
const MAX_INCLUDE_DEPTH: usize = 10;
/// The most config files one run loads (includes included): git has no such limit, but a
/// file that includes another six times, nine levels deep, is ten million loads.
const MAX_LOADED_FILES: usize = 10_000;

/// A `.git` file that is unreadable or not `gitdir: …`: git stops looking for a repository.
#[derive(Debug, Clone, Copy)]
pub struct BrokenGitfile;

/// A repository as git finds it from a directory.
#[derive(Debug, Clone)]
pub struct Repo {
    pub work_tree: Option<PathBuf>,
    /// `.git` of this worktree.
    pub git_dir: PathBuf,
    /// Where `config` lives (differs from `git_dir` in linked worktrees).
    pub common_dir: PathBuf,
    /// The checked-out branch, for `includeIf "onbranch:"`.
    pub branch: Option<String>,
    /// The `.git` file that points at `git_dir` (linked worktrees, submodules).
    pub gitfile: Option<PathBuf>,
    /// Named by `GIT_DIR`: git checks no ownership then.
    pub explicit: bool,
}

/// A small file of a repository (`.git`, `HEAD`, `commondir`) as text, read without blocking.
fn read_small(path: &Path) -> Option<String> {
    let bytes = crate::base::trust::read_config_file(path).ok()??;
    String::from_utf8(bytes).ok()
}

impl Repo {
    /// Searches upwards from `start` as git does (`GIT_DIR` wins when set).
    pub fn discover(env: &Env, start: &Path) -> Option<Repo> {
        if let Some(dir) = env.var("GIT_DIR") {
            let git_dir = absolute(&env.cwd, Path::new(dir));
            let mut repo = Repo::from_git_dir(git_dir, None);
            repo.explicit = true;
            return Some(repo);
        }
        let start = absolute(&env.cwd, start);
        for dir in start.ancestors() {
            match Repo::at(dir) {
                Ok(Some(repo)) => return Some(repo),
                Ok(None) => {}
                Err(BrokenGitfile) => return None,
            }
        }
        None
    }

    /// The repository at `dir` itself, as git recognises one there: `dir/.git` (a directory,
    /// or a `gitdir:` file), or `dir` as a bare repository. A `.git` file git cannot follow
    /// stops git's search: `Err`.
    pub fn at(dir: &Path) -> Result<Option<Repo>, BrokenGitfile> {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            let repo = Repo::from_git_dir(dot_git, Some(dir.to_path_buf()));
            if repo.is_valid() {
                return Ok(Some(repo));
            }
        } else if dot_git.is_file() {
            let text = read_small(&dot_git).ok_or(BrokenGitfile)?;
            let target = text
                .trim()
                .strip_prefix("gitdir:")
                .ok_or(BrokenGitfile)?
                .trim();
            let git_dir = absolute(dir, Path::new(target));
            let mut repo = Repo::from_git_dir(git_dir, Some(dir.to_path_buf()));
            repo.gitfile = Some(dot_git);
            if repo.is_valid() {
                return Ok(Some(repo));
            }
        }
        let bare = Repo::from_git_dir(dir.to_path_buf(), None);
        Ok(bare.is_valid().then_some(bare))
    }

    /// Git's `is_git_directory`: HEAD, and objects/ and refs/ in the common dir.
    fn is_valid(&self) -> bool {
        self.git_dir.join("HEAD").is_file()
            && self.common_dir.join("objects").is_dir()
            && self.common_dir.join("refs").is_dir()
    }

    fn from_git_dir(git_dir: PathBuf, work_tree: Option<PathBuf>) -> Repo {
        let common_dir = read_small(&git_dir.join("commondir"))
            .map(|c| lexical_normalize(&absolute(&git_dir, Path::new(c.trim()))))
            .unwrap_or_else(|| git_dir.clone());
        let branch = read_small(&git_dir.join("HEAD"))
            .and_then(|h| h.trim().strip_prefix("ref: refs/heads/").map(str::to_owned));
        Repo {
            work_tree,
            git_dir,
            common_dir,
            branch,
            gitfile: None,
            explicit: false,
        }
    }

    /// Whether git would use this repository: `Err` when it refuses it for dubious ownership.
    /// `safe_directories` are the `safe.directory` values of the protected scopes.
    pub fn trust(
        &self,
        env: &Env,
        safe_directories: &[&str],
    ) -> Result<(), crate::base::trust::Refusal> {
        if self.explicit {
            return Ok(());
        }
        crate::base::trust::check_repository(
            env,
            self.gitfile.as_deref(),
            self.work_tree.as_deref(),
            &self.git_dir,
            safe_directories,
        )
    }
}

/// `a/b/../c` → `a/c`, without touching the file system (symlinks are not resolved).
fn lexical_normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn absolute(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// A git config file as loaded, with the include that pulled it in.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub scope: Scope,
    pub file: Arc<GitConfigFile>,
    pub included_from: Option<EntryRef>,
}

/// One entry of one loaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef {
    pub file: usize,
    pub entry: usize,
}

#[derive(Debug, Clone)]
pub struct MissingInclude {
    pub site: EntryRef,
    pub path: PathBuf,
}

/// A file that exists but cannot be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: PathBuf,
    pub scope: Scope,
    pub error: String,
}

/// Every git config entry in the order git reads them.
#[derive(Debug, Clone, Default)]
pub struct GitConfigSet {
    pub files: Vec<LoadedFile>,
    pub order: Vec<EntryRef>,
    pub missing_includes: Vec<MissingInclude>,
    pub unreadable: Vec<Unreadable>,
    /// The include where git stops (`exceeded maximum include depth`), or where cc-lint
    /// stopped loading; nothing after it was read.
    pub include_limit: Option<IncludeLimit>,
    /// The repository git refuses (dubious ownership): its config was not read.
    pub refused: Option<crate::base::trust::Refusal>,
}

/// Where loading includes stopped.
#[derive(Debug, Clone)]
pub struct IncludeLimit {
    pub site: EntryRef,
    pub path: PathBuf,
    /// git's own message (or ours, for the file count).
    pub message: String,
}

impl GitConfigSet {
    pub fn entry(&self, r: EntryRef) -> &Entry {
        &self.files[r.file].file.entries[r.entry]
    }

    pub fn file(&self, r: EntryRef) -> &LoadedFile {
        &self.files[r.file]
    }

    /// Entries in git's order.
    pub fn entries(&self) -> impl Iterator<Item = (EntryRef, &Entry)> {
        self.order.iter().map(|&r| (r, self.entry(r)))
    }

    /// The chain of includes that pulled `file` in, outermost first.
    pub fn include_chain(&self, file: usize) -> Vec<EntryRef> {
        let mut chain = Vec::new();
        let mut cur = self.files[file].included_from;
        while let Some(site) = cur {
            chain.push(site);
            cur = self.files[site.file].included_from;
        }
        chain.reverse();
        chain
    }
}

/// The top-level git config files for `repo`, in git's order: system, global (XDG, then
/// `~/.gitconfig`), local, worktree.
pub fn git_config_paths(
    env: &Env,
    repo: Option<&Repo>,
    system: Option<PathBuf>,
) -> Vec<(Scope, PathBuf)> {
    let mut out = Vec::new();
    if !env.flag("GIT_CONFIG_NOSYSTEM") {
        if let Some(p) = env.var("GIT_CONFIG_SYSTEM") {
            out.push((Scope::System, PathBuf::from(p)));
        } else if let Some(p) = system {
            out.push((Scope::System, p));
        }
    }
    out.extend(
        global_config_paths(env)
            .into_iter()
            .map(|p| (Scope::Global, p)),
    );
    if let Some(repo) = repo {
        out.push((Scope::Local, repo.common_dir.join("config")));
    }
    out
}

/// The global files git reads, in its order: `GIT_CONFIG_GLOBAL`; else the XDG file
/// (`$XDG_CONFIG_HOME/git/config`, `~/.config/git/config`), then `~/.gitconfig`.
pub fn global_config_paths(env: &Env) -> Vec<PathBuf> {
    if let Some(p) = env.var("GIT_CONFIG_GLOBAL") {
        return vec![PathBuf::from(p)];
    }
    let (xdg, dot) = xdg_and_dot(env);
    xdg.into_iter().chain(dot).collect()
}

/// The global file git writes (`git config --global`): `GIT_CONFIG_GLOBAL`; else
/// `~/.gitconfig`, or the XDG file when only it exists. `None` without a home directory.
pub fn global_config_to_write(env: &Env) -> Option<PathBuf> {
    if let Some(p) = env.var("GIT_CONFIG_GLOBAL") {
        return Some(PathBuf::from(p));
    }
    let (xdg, dot) = xdg_and_dot(env);
    let dot = dot?;
    Some(match xdg {
        Some(x) if !dot.exists() && x.exists() => x,
        _ => dot,
    })
}

/// The XDG global file and `~/.gitconfig`, where there is a place for them.
fn xdg_and_dot(env: &Env) -> (Option<PathBuf>, Option<PathBuf>) {
    (
        crate::base::paths::xdg_config_home(env).map(|x| x.join("git").join("config")),
        crate::base::paths::git_home(env).map(|h| h.join(".gitconfig")),
    )
}

/// The system file git reads: none with `GIT_CONFIG_NOSYSTEM`, else `GIT_CONFIG_SYSTEM`, else
/// (with `probe`) what the git on PATH says, else the platform default.
pub fn system_config_path(env: &Env, probe: bool) -> Option<PathBuf> {
    if env.flag("GIT_CONFIG_NOSYSTEM") {
        return None;
    }
    env.var("GIT_CONFIG_SYSTEM")
        .map(PathBuf::from)
        .or_else(|| {
            probe
                .then(|| crate::base::probe::git_system_config(env))
                .flatten()
        })
        .or_else(|| default_system_config(env))
}

/// Git's own system file when the environment does not name one.
pub fn default_system_config(env: &Env) -> Option<PathBuf> {
    #[cfg(windows)]
    {
        let base = env
            .var("ProgramFiles")
            .unwrap_or("C:\\Program Files")
            .to_owned();
        let git = PathBuf::from(base).join("Git");
        for candidate in [
            git.join("etc").join("gitconfig"),
            git.join("mingw64").join("etc").join("gitconfig"),
        ] {
            if candidate.exists() {
                return Some(candidate);
            }
        }
        Some(git.join("etc").join("gitconfig"))
    }
    #[cfg(not(windows))]
    {
        let _ = env;
        Some(PathBuf::from("/etc/gitconfig"))
    }
}

/// File contents to use instead of what is on disk (a planned fix, checked before writing).
pub type Overlay = std::collections::HashMap<PathBuf, Vec<u8>>;

/// Parsed files by path, shared between the repositories of one run (`--repos`).
#[derive(Debug, Default)]
pub struct FileCache(std::sync::Mutex<std::collections::HashMap<PathBuf, Arc<GitConfigFile>>>);

/// Loads every git config file and resolves includes.
pub fn load_git_config(env: &Env, repo: Option<&Repo>, system: Option<PathBuf>) -> GitConfigSet {
    load_git_config_with(env, repo, system, None, None)
}

/// As [`load_git_config`], reading files from `overlay` where it has them.
pub fn load_git_config_with(
    env: &Env,
    repo: Option<&Repo>,
    system: Option<PathBuf>,
    overlay: Option<&Overlay>,
    cache: Option<&FileCache>,
) -> GitConfigSet {
    let mut loader = Loader {
        env,
        repo: None,
        overlay,
        cache,
        set: GitConfigSet::default(),
        remote_urls: None,
    };
    let mut paths = git_config_paths(env, repo, system);
    // git reads nothing of a repository it refuses: check ownership with the protected
    // scopes (system, global, command) before the repository's own files.
    let refused = repo.and_then(|r| refusal(&loader, r, &paths));
    if refused.is_some() {
        paths.retain(|(s, _)| !matches!(s, Scope::Local | Scope::Worktree));
    } else {
        loader.repo = repo;
    }
    // First pass without `hasconfig:` includes, to learn the remote URLs they test.
    loader.load_all(&paths);
    let has_hasconfig = loader.set.entries().any(|(_, e)| {
        e.section == "includeif"
            && e.subsection
                .as_deref()
                .is_some_and(|s| s.starts_with("hasconfig:"))
    });
    if has_hasconfig {
        let urls: Vec<String> = loader
            .set
            .entries()
            .filter(|(_, e)| e.is("remote", "url"))
            .filter_map(|(_, e)| e.value.clone())
            .collect();
        loader.set = GitConfigSet::default();
        loader.remote_urls = Some(urls);
        loader.load_all(&paths);
    }
    let mut set = loader.set;
    add_command_scope(env, &mut set);
    set.refused = refused;
    set
}

/// Why git refuses the repository `r` (dubious ownership), judged with `safe.directory` from
/// the protected scopes only; `loader` has no repository yet.
fn refusal(
    loader: &Loader<'_>,
    r: &Repo,
    paths: &[(Scope, PathBuf)],
) -> Option<crate::base::trust::Refusal> {
    let mut protected = Loader {
        set: GitConfigSet::default(),
        remote_urls: None,
        ..*loader
    };
    for (scope, path) in paths
        .iter()
        .filter(|(s, _)| !matches!(s, Scope::Local | Scope::Worktree))
    {
        protected.load_top(*scope, path);
    }
    add_command_scope(loader.env, &mut protected.set);
    let values: Vec<&str> = protected
        .set
        .entries()
        .filter(|(_, e)| e.is("safe", "directory"))
        .map(|(_, e)| e.value.as_deref().unwrap_or(""))
        .collect();
    r.trust(loader.env, &values).err()
}

fn worktree_config(set: &GitConfigSet, repo: &Repo) -> Option<PathBuf> {
    let enabled = set
        .entries()
        .filter(|(r, e)| set.file(*r).scope == Scope::Local && e.is("extensions", "worktreeconfig"))
        .last()
        .and_then(|(_, e)| e.as_bool())
        .unwrap_or(false);
    enabled.then(|| repo.git_dir.join("config.worktree"))
}

/// `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>`, as one synthetic file.
fn add_command_scope(env: &Env, set: &mut GitConfigSet) {
    let count: usize = env
        .var("GIT_CONFIG_COUNT")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if count == 0 {
        return;
    }
    let mut text = String::new();
    let mut entries = Vec::new();
    for n in 0..count.min(1000) {
        let (Some(key), value) = (
            env.var(&format!("GIT_CONFIG_KEY_{n}")),
            env.var(&format!("GIT_CONFIG_VALUE_{n}")).unwrap_or(""),
        ) else {
            continue;
        };
        let Some((section, rest)) = key.split_once('.') else {
            continue;
        };
        let (subsection, name) = match rest.rsplit_once('.') {
            Some((sub, name)) => (Some(sub.to_owned()), name),
            None => (None, rest),
        };
        let start = text.len();
        text.push_str(key);
        text.push('=');
        let value_start = text.len();
        text.push_str(value);
        let end = text.len();
        text.push('\n');
        entries.push(Entry {
            section: section.to_ascii_lowercase(),
            subsection,
            name: name.to_ascii_lowercase(),
            value: Some(value.to_owned()),
            key_span: start..value_start - 1,
            value_span: value_start..end,
            line_span: start..end,
            header_span: start..start,
        });
    }
    let source = Arc::new(Source::new("GIT_CONFIG_COUNT", text.as_bytes()));
    let file = GitConfigFile {
        source,
        entries,
        headers: Vec::new(),
        error: None,
    };
    let idx = set.files.len();
    for entry in 0..file.entries.len() {
        set.order.push(EntryRef { file: idx, entry });
    }
    set.files.push(LoadedFile {
        scope: Scope::Command,
        file: Arc::new(file),
        included_from: None,
    });
}

enum Read {
    Parsed(Arc<GitConfigFile>),
    Missing,
    Unreadable,
}

struct Loader<'a> {
    env: &'a Env,
    overlay: Option<&'a Overlay>,
    cache: Option<&'a FileCache>,
    repo: Option<&'a Repo>,
    set: GitConfigSet,
    /// Remote URLs for `hasconfig:remote.*.url:`; `None` in the first pass.
    remote_urls: Option<Vec<String>>,
}

impl Loader<'_> {
    /// Every top-level file in order, then the repository's worktree file when
    /// `extensions.worktreeConfig` turns it on.
    fn load_all(&mut self, paths: &[(Scope, PathBuf)]) {
        for (scope, path) in paths {
            self.load_top(*scope, path);
        }
        if let Some(p) = self.repo.and_then(|r| worktree_config(&self.set, r)) {
            self.load_top(Scope::Worktree, &p);
        }
    }

    fn load_top(&mut self, scope: Scope, path: &Path) {
        if self.set.include_limit.is_none() {
            self.load(scope, path, None, 0);
        }
    }

    /// Loads `path` and, in place, everything it includes. Returns false when it does not exist.
    fn load(
        &mut self,
        scope: Scope,
        path: &Path,
        included_from: Option<EntryRef>,
        depth: usize,
    ) -> bool {
        let cached = self.cache.and_then(|c| c.0.lock().ok()?.get(path).cloned());
        let file = match cached {
            Some(f) => f,
            None => match self.read_and_parse(scope, path) {
                Read::Parsed(f) => f,
                Read::Missing => return false,
                Read::Unreadable => return true,
            },
        };
        // An include that git refuses to parse is most likely not a config file at all
        // (`include.path = ~/.ssh/id_rsa`): git names only the file and the line, and so do
        // we; its text is not kept, so no rendering can show it.
        let file = match (&file.error, included_from) {
            (Some(err), Some(_)) => Arc::new(GitConfigFile {
                source: Arc::new(Source::new(path, b"")),
                entries: Vec::new(),
                headers: Vec::new(),
                error: Some(crate::parse::gitconfig::SyntaxError {
                    span: 0..0,
                    message: {
                        let line = err
                            .message
                            .strip_prefix("line ")
                            .and_then(|r| r.split(':').next())
                            .unwrap_or("?");
                        format!(
                            "line {line}: git stops with `bad config line {line} in file {}`; this included file does not look like git config (its contents are not shown)",
                            path.display()
                        )
                    },
                }),
            }),
            _ => file,
        };
        let idx = self.set.files.len();
        self.set.files.push(LoadedFile {
            scope,
            file: file.clone(),
            included_from,
        });
        self.follow(file, idx, scope, path, depth);
        true
    }

    /// Reads and parses `path`; an unreadable file is recorded.
    fn read_and_parse(&mut self, scope: Scope, path: &Path) -> Read {
        let from_disk = || crate::base::trust::read_optional(path);
        let bytes = match self
            .overlay
            .and_then(|o| o.get(path))
            .map_or_else(from_disk, |b| Ok(Some(b.clone())))
        {
            Ok(Some(b)) => b,
            Ok(None) => return Read::Missing,
            Err(e) => {
                self.set.unreadable.push(Unreadable {
                    path: path.to_path_buf(),
                    scope,
                    error: e.to_string(),
                });
                return Read::Unreadable;
            }
        };
        let file = Arc::new(GitConfigFile::parse(Arc::new(Source::new(path, &bytes))));
        if self.overlay.is_none()
            && let Some(mut c) = self.cache.and_then(|c| c.0.lock().ok())
        {
            c.insert(path.to_path_buf(), file.clone());
        }
        Read::Parsed(file)
    }

    /// Loads, in place, what the entries of loaded file `idx` include.
    fn follow(
        &mut self,
        file: Arc<GitConfigFile>,
        idx: usize,
        scope: Scope,
        path: &Path,
        depth: usize,
    ) {
        for (i, entry) in file.entries.iter().enumerate() {
            let here = EntryRef {
                file: idx,
                entry: i,
            };
            self.set.order.push(here);
            if entry.name != "path" || self.set.include_limit.is_some() {
                continue;
            }
            let applies = match (entry.section.as_str(), entry.subsection.as_deref()) {
                ("include", None) => true,
                ("includeif", Some(cond)) => self.condition_holds(cond, path),
                _ => false,
            };
            let Some(value) = entry.value.as_deref().filter(|v| !v.is_empty()) else {
                continue;
            };
            if !applies {
                continue;
            }
            let target = self.include_path(value, path);
            if let Some(limit) = self.limit_reached(idx, here, path, &target, depth) {
                self.set.include_limit = Some(limit);
                continue;
            }
            if depth >= MAX_INCLUDE_DEPTH || !self.load(scope, &target, Some(here), depth + 1) {
                self.set.missing_includes.push(MissingInclude {
                    site: here,
                    path: target,
                });
            }
        }
    }

    /// Where git (or cc-lint) stops reading includes: git dies past
    /// [`MAX_INCLUDE_DEPTH`] and says whether it is a cycle; cc-lint stops at
    /// [`MAX_LOADED_FILES`].
    fn limit_reached(
        &self,
        idx: usize,
        here: EntryRef,
        path: &Path,
        target: &Path,
        depth: usize,
    ) -> Option<IncludeLimit> {
        if depth >= MAX_INCLUDE_DEPTH && target.exists() {
            let circular = path == target
                || self
                    .set
                    .include_chain(idx)
                    .iter()
                    .any(|site| self.set.files[site.file].file.source.path == target);
            return Some(IncludeLimit {
                site: here,
                message: format!(
                    "exceeded maximum include depth ({MAX_INCLUDE_DEPTH}) while including {} from {}: {}",
                    target.display(),
                    path.display(),
                    if circular {
                        "a circular include (the file includes itself through this chain)"
                    } else {
                        "this might be due to circular includes"
                    }
                ),
                path: target.to_path_buf(),
            });
        }
        (self.set.files.len() >= MAX_LOADED_FILES).then(|| IncludeLimit {
            site: here,
            message: format!(
                "more than {MAX_LOADED_FILES} config files through includes: cc-lint stopped reading at {}",
                target.display()
            ),
            path: target.to_path_buf(),
        })
    }

    fn include_path(&self, value: &str, including: &Path) -> PathBuf {
        include_target(self.env, value, including)
    }

    fn condition_holds(&self, cond: &str, including: &Path) -> bool {
        if let Some(pat) = cond.strip_prefix("gitdir:") {
            self.gitdir_matches(pat, including, false)
        } else if let Some(pat) = cond.strip_prefix("gitdir/i:") {
            self.gitdir_matches(pat, including, true)
        } else if let Some(pat) = cond.strip_prefix("onbranch:") {
            let Some(branch) = self.repo.and_then(|r| r.branch.as_deref()) else {
                return false;
            };
            let pat = if pat.ends_with('/') {
                format!("{pat}**")
            } else {
                pat.to_owned()
            };
            glob_match(
                pat.as_bytes().into(),
                branch.as_bytes().into(),
                Mode::NO_MATCH_SLASH_LITERAL,
            )
        } else if let Some(pat) = cond.strip_prefix("hasconfig:remote.*.url:") {
            self.remote_urls.as_ref().is_some_and(|urls| {
                urls.iter().any(|u| {
                    glob_match(
                        pat.as_bytes().into(),
                        u.as_bytes().into(),
                        Mode::NO_MATCH_SLASH_LITERAL,
                    )
                })
            })
        } else {
            false
        }
    }

    /// `includeIf "gitdir:"`: `~/` and `./` expanded, relative patterns get `**/`, a trailing
    /// `/` gets `**`; matched against the git dir, also with symlinks resolved.
    fn gitdir_matches(&self, pat: &str, including: &Path, icase: bool) -> bool {
        let Some(repo) = self.repo else { return false };
        let mut pattern = if let Some(rest) = pat.strip_prefix("./") {
            let dir = including.parent().unwrap_or(Path::new("."));
            format!("{}/{rest}", dir.display())
        } else {
            crate::base::paths::expand_git_home(self.env, pat)
                .to_string_lossy()
                .into_owned()
        };
        if !(pattern.starts_with('/') || is_windows_absolute(&pattern)) {
            pattern = format!("**/{pattern}");
        }
        if pattern.ends_with('/') {
            pattern.push_str("**");
        }
        let mode = if icase {
            Mode::NO_MATCH_SLASH_LITERAL | Mode::IGNORE_CASE
        } else {
            Mode::NO_MATCH_SLASH_LITERAL
        };
        let mut candidates = vec![repo.git_dir.clone()];
        if let Ok(real) = repo.git_dir.canonicalize() {
            candidates.push(real);
        }
        candidates.iter().any(|dir| {
            let d = dir.to_string_lossy().replace('\\', "/");
            glob_match(pattern.as_bytes().into(), d.as_bytes().into(), mode)
        })
    }
}

fn is_windows_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'/' || b[2] == b'\\')
}

/// `~/x` → `$HOME/x`, as git's `interpolate_path`.
/// The file an `include.path` / `includeIf.….path` value in `including` names: `~/`
/// expanded, relative to the including file's directory.
pub fn include_target(env: &Env, value: &str, including: &Path) -> PathBuf {
    let expanded = crate::base::paths::expand_git_home(env, value);
    let dir = including.parent().unwrap_or(Path::new("."));
    absolute(dir, &expanded)
}

/// The `store` helper's files: `~/.git-credentials`, then `$XDG_CONFIG_HOME/git/credentials`.
pub fn git_credentials_paths(env: &Env) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(h) = crate::base::paths::git_home(env) {
        out.push(h.join(".git-credentials"));
    }
    if let Some(x) = crate::base::paths::xdg_config_home(env) {
        out.push(x.join("git").join("credentials"));
    }
    out
}

/// The Unix permission bits of `path` (`0o600`); `None` on Windows, where the rules that read
/// modes say nothing, or when the file cannot be inspected.
pub fn file_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
