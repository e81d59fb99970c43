//! The resolved view the rules read: for each URL that matters, the credential helpers git
//! runs, in order, with the resets and the `UseHttpPath` in force — as credential.c applies
//! `credential.*` (every matching section, in file order; an empty `helper` clears the list).

use crate::awscreds::profile::{ProfileOrigin, choose_profile};
use crate::base::env::Env;
use crate::model::discover::{EntryRef, GitConfigSet, Repo};
use crate::parse::endpoint::{self, CodeCommitHost, HostForm};
use crate::parse::gitconfig::Entry;
use crate::parse::helper_value::{Helper, HelperKind};
use crate::parse::urlmatch::{self, Url};

/// A configured remote URL (after `url.<base>.insteadOf`).
#[derive(Debug, Clone)]
pub struct Remote {
    pub name: String,
    /// The URL as configured.
    pub configured: String,
    /// The URL git uses (rewritten by `insteadOf`).
    pub url: String,
    pub parsed: Option<Url>,
    pub entry: EntryRef,
    /// The `insteadOf` entry that rewrote it.
    pub rewritten_by: Option<EntryRef>,
}

impl Remote {
    pub fn codecommit_host(&self) -> Option<CodeCommitHost> {
        endpoint::parse_host(&self.parsed.as_ref()?.host)
    }
}

/// Why a URL is evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetOrigin {
    Remote(usize),
    /// No remote of this form: a representative URL of a host form the config scopes.
    Generic(HostForm),
}

/// One step of the helper list git builds for a URL.
#[derive(Debug, Clone)]
pub struct Step {
    pub entry: EntryRef,
    /// `None` for the empty value that resets the list.
    pub helper: Option<Helper>,
}

/// A credential store git runs for a URL, beside the helper that signs for CodeCommit.
#[derive(Debug, Clone, Copy)]
pub struct StoreStep<'a> {
    pub step: &'a Step,
    /// The store's helper name (`store`, `cache`, `osxkeychain`, …).
    pub name: &'static str,
    /// The helper that signs for CodeCommit.
    pub signer: &'a Step,
    /// Whether git runs the store before the signer.
    pub before: bool,
}

/// What git does for one URL.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub url: Url,
    pub origin: TargetOrigin,
    /// Every matching `credential.helper` entry, resets included, in git's order.
    pub steps: Vec<Step>,
    /// Indexes into `steps` of the helpers git runs, in order.
    pub effective: Vec<usize>,
    /// The last matching `credential.useHttpPath`.
    pub use_http_path: Option<EntryRef>,
}

impl Resolution {
    pub fn helpers(&self) -> impl Iterator<Item = &Step> {
        self.effective.iter().map(|&i| &self.steps[i])
    }

    /// The first helper git runs that signs for CodeCommit (third-party ones included).
    pub fn signing_helper(&self) -> Option<&Step> {
        self.helpers()
            .find(|s| s.helper.as_ref().is_some_and(Helper::signs_codecommit))
    }

    /// The credential stores (`store`, `cache`, a keychain) git runs for this URL besides the
    /// helper that signs for CodeCommit, in git's order, none when no helper signs. One that
    /// runs before it answers first, with a stale password; one after it stores every password.
    pub fn stores_beside_signer(&self) -> Vec<StoreStep<'_>> {
        let Some(signer) = self.signing_helper() else {
            return Vec::new();
        };
        let mut before = true;
        let mut stores = Vec::new();
        for step in self.helpers() {
            if step.entry == signer.entry {
                before = false;
            } else if let Some(HelperKind::Storage(name)) = step.helper.as_ref().map(|h| &h.kind) {
                stores.push(StoreStep {
                    step,
                    name,
                    signer,
                    before,
                });
            }
        }
        stores
    }

    /// The first CodeCommit helper git runs, if any.
    pub fn codecommit_helper(&self) -> Option<&Step> {
        self.helpers()
            .find(|s| s.helper.as_ref().is_some_and(Helper::is_codecommit))
    }

    /// The helper whose answer git takes first: git asks the helpers in order, and a CodeCommit
    /// helper (the AWS CLI's, cc-lint's) prints nothing for a host that is not CodeCommit's
    /// and exits 0, so for another host git asks the next one. `None`: no helper answers (git
    /// prompts, or takes the user name and password in the URL).
    pub fn answers_first(&self) -> Option<&Step> {
        let codecommit_host = endpoint::parse_host(&self.url.host).is_some();
        self.helpers().find(|s| {
            s.helper
                .as_ref()
                .is_some_and(|h| codecommit_host || !h.is_codecommit())
        })
    }

    /// How findings name this URL: the remote, or the CodeCommit URLs it stands for.
    pub fn describe(&self, cx: &Context) -> String {
        match self.origin {
            TargetOrigin::Remote(i) => {
                format!("remote `{}` ({})", cx.remotes[i].name, self.url.display())
            }
            TargetOrigin::Generic(form) if self.url.host == form.example_host() => {
                format!("{} CodeCommit URLs ({})", form.describe(), form.pattern())
            }
            TargetOrigin::Generic(_) => format!("https://{}/…", self.url.host_with_port()),
        }
    }

    /// A helper that was meant to be the CodeCommit helper but is damaged (CC104 explains it).
    pub fn has_damaged_codecommit_helper(&self) -> bool {
        self.helpers()
            .any(|s| s.helper.as_ref().is_some_and(Helper::is_damaged_codecommit))
    }

    /// The helpers git runs twice for this URL: each later run of a command (`store` and
    /// `!git credential-store` are one), with the earlier runs of it, in git's order.
    pub fn duplicate_steps(&self) -> Vec<(&Step, Vec<&Step>)> {
        let helpers: Vec<(&Step, &Helper)> = self
            .helpers()
            .filter_map(|s| Some((s, s.helper.as_ref()?)))
            .collect();
        helpers
            .iter()
            .enumerate()
            .filter_map(|(i, (step, h))| {
                let earlier: Vec<&Step> = helpers[..i]
                    .iter()
                    .filter(|(_, o)| o.command.trim() == h.command.trim())
                    .map(|(s, _)| *s)
                    .collect();
                (!earlier.is_empty()).then_some((*step, earlier))
            })
            .collect()
    }
}

/// Everything the rules read.
#[derive(Debug)]
pub struct Context {
    pub env: Env,
    pub repo: Option<Repo>,
    pub git: GitConfigSet,
    pub aws: std::sync::Arc<crate::model::aws::AwsModel>,
    pub remotes: Vec<Remote>,
    pub resolutions: Vec<Resolution>,
    /// Every non-empty `credential.helper` entry, parsed once (rules read them many times).
    helpers: Vec<(EntryRef, Helper)>,
    /// The credential-store files (`~/.git-credentials`, …) that exist.
    pub git_credentials: Vec<crate::model::gitcreds::GitCredFile>,
    /// What the probes found (empty with `--no-probe`).
    pub probes: crate::base::probe::Probes,
    /// Why each profile's credential source cannot work, computed once per profile (a
    /// 3,000-profile role chain is walked once, not once per helper).
    pub(crate) credential_problems:
        std::sync::Mutex<std::collections::HashMap<String, Option<String>>>,
    /// Whether an instance or container role looks available, read once (it reads files).
    instance_role: std::sync::OnceLock<bool>,
}

impl Context {
    pub fn build(
        env: Env,
        repo: Option<Repo>,
        git: GitConfigSet,
        aws: std::sync::Arc<crate::model::aws::AwsModel>,
    ) -> Context {
        let remotes = remotes(&git);
        let index = CredentialIndex::new(&git, &env);
        let mut seen = std::collections::HashSet::new();
        let mut resolutions = Vec::new();
        for (i, remote) in remotes.iter().enumerate() {
            // Only HTTPS remotes reach credential helpers as CodeCommit intends: `ssh://` never
            // runs them, and `http://` is CC303's.
            // A URL with `user:password@` needs no helper at all (CC302's).
            if let (Some(url), Some(_)) = (&remote.parsed, remote.codecommit_host())
                && url.scheme == "https"
                && !url.has_password
            {
                seen.insert(url.clone());
                resolutions.push(index.resolve(&git, url.clone(), TargetOrigin::Remote(i)));
            }
        }
        let helpers: Vec<(EntryRef, Helper)> =
            index.helpers().map(|(r, h)| (r, h.clone())).collect();
        let any_codecommit_helper = helpers.iter().any(|(_, h)| h.signs_codecommit());
        for url in generic_urls(&git, any_codecommit_helper) {
            if !seen.insert(url.clone()) {
                continue;
            }
            let form = endpoint::parse_host(&url.host)
                .expect("generic URLs are CodeCommit URLs")
                .form();
            resolutions.push(index.resolve(&git, url, TargetOrigin::Generic(form)));
        }
        Context {
            env,
            repo,
            git,
            aws,
            remotes,
            resolutions,
            helpers,
            git_credentials: Vec::new(),
            probes: crate::base::probe::Probes::default(),
            credential_problems: Default::default(),
            instance_role: std::sync::OnceLock::new(),
        }
    }

    /// The CodeCommit helpers configured anywhere, and helpers damaged on the way (their
    /// value still names `credential-helper`), with their entries.
    pub fn codecommit_helper_entries(&self) -> impl Iterator<Item = (EntryRef, &Entry, &Helper)> {
        self.helper_entries()
            .filter(|(_, _, h)| h.signs_codecommit() || h.is_damaged_codecommit())
    }

    /// Whether an unscoped `UseHttpPath = true` serves CodeCommit: while a helper that signs
    /// for CodeCommit is itself unscoped (CC105), it gives that helper the path for every
    /// host. `counts` says which such helpers count (the planner: those its plan leaves).
    pub fn unscoped_use_http_path_serves(
        &self,
        counts: impl Fn(EntryRef, &Helper) -> bool,
    ) -> bool {
        self.helper_entries()
            .any(|(r, e, h)| e.is_unscoped() && h.signs_codecommit() && counts(r, h))
    }

    /// The profile a CodeCommit helper uses: `--profile`, else the default chain's
    /// (`AWS_DEFAULT_PROFILE`, `AWS_PROFILE` — assigned on the helper line or in the
    /// environment —, `default`, botocore's order), with where the name comes from.
    pub fn helper_profile(&self, helper: &Helper) -> (String, ProfileOrigin) {
        choose_profile(
            helper.intended_profile().as_deref(),
            |var| helper.assigned(var),
            &self.env,
        )
    }

    /// The profile a helper names itself — `--profile`, or assigned on its line
    /// (`AWS_PROFILE=work aws …`) — if any; the environment's and `default` are not its own.
    pub fn helper_named_profile(&self, helper: &Helper) -> Option<String> {
        match self.helper_profile(helper) {
            (name, ProfileOrigin::Flag | ProfileOrigin::Assigned(_)) => Some(name),
            _ => None,
        }
    }

    /// A place in a credential-store file.
    pub fn git_credentials_location(
        &self,
        file: &crate::model::gitcreds::GitCredFile,
        span: std::ops::Range<usize>,
    ) -> Location {
        Location {
            source: file.source.clone(),
            span,
            scope: crate::base::source::Scope::GitCredentials,
            include_chain: Vec::new(),
        }
    }

    /// Whether an instance or container role can likely supply the default credentials here
    /// (`awscreds::instance::role_likely`), asked once per model.
    pub fn instance_role_likely(&self) -> bool {
        *self
            .instance_role
            .get_or_init(|| crate::awscreds::instance::role_likely(&self.env))
    }

    /// What git ends up with for `res`: the first helper that answers, and why the CodeCommit
    /// helpers before it fail.
    pub fn verdict(&self, res: &Resolution) -> crate::model::verdict::Verdict {
        crate::model::verdict::verdict(self, res)
    }

    pub fn entry(&self, r: EntryRef) -> &Entry {
        self.git.entry(r)
    }

    /// Every `credential.helper` entry with its parsed helper (resets excluded).
    pub fn helper_entries(&self) -> impl Iterator<Item = (EntryRef, &Entry, &Helper)> {
        self.helpers
            .iter()
            .map(|(r, h)| (*r, self.git.entry(*r), h))
    }
}

/// A helper value as git's `sh` runs it in this environment (parameters expanded).
pub fn parse_helper(env: &Env, value: &str) -> Helper {
    Helper::parse_in(value, &|name| env.raw(name).map(str::to_owned))
}

/// The helper list and settings git applies to `url`.
pub fn resolve(git: &GitConfigSet, env: &Env, url: Url, origin: TargetOrigin) -> Resolution {
    CredentialIndex::new(git, env).resolve(git, url, origin)
}

/// The `credential.*` entries, grouped so that resolving every URL of a config with thousands
/// of `[credential "<url>"]` sections stays linear: a section whose URL has a plain host is
/// looked up by host and path prefix; only the rest (wildcard hosts, partial and unscoped
/// sections) is tried for every URL. Each candidate is then matched exactly as before.
struct CredentialIndex {
    /// Credential entries in git's order, with their section's URL and (for a non-empty
    /// `helper`) the helper parsed once.
    entries: Vec<(EntryRef, Option<Url>, Option<Helper>)>,
    by_host_path: std::collections::HashMap<(String, String), Vec<usize>>,
    others: Vec<usize>,
}

impl CredentialIndex {
    fn new(git: &GitConfigSet, env: &Env) -> CredentialIndex {
        let mut index = CredentialIndex {
            entries: Vec::new(),
            by_host_path: std::collections::HashMap::new(),
            others: Vec::new(),
        };
        let mut parsed: std::collections::HashMap<&str, Option<Url>> =
            std::collections::HashMap::new();
        for (r, e) in git.entries() {
            if e.section != "credential" {
                continue;
            }
            let i = index.entries.len();
            let url = e
                .subsection
                .as_deref()
                .and_then(|sub| parsed.entry(sub).or_insert_with(|| Url::parse(sub)).clone());
            match &url {
                Some(u) if !u.host.contains('*') => index
                    .by_host_path
                    .entry((u.host.clone(), u.path.trim_end_matches('/').to_owned()))
                    .or_default()
                    .push(i),
                _ => index.others.push(i),
            }
            let helper = e
                .value
                .as_deref()
                .filter(|v| !v.is_empty() && e.name == "helper")
                .map(|v| parse_helper(env, v));
            index.entries.push((r, url, helper));
        }
        index
    }

    /// Every non-empty `credential.helper` entry with its helper, in git's order.
    fn helpers(&self) -> impl Iterator<Item = (EntryRef, &Helper)> {
        self.entries
            .iter()
            .filter_map(|(r, _, h)| Some((*r, h.as_ref()?)))
    }

    fn resolve(&self, git: &GitConfigSet, url: Url, origin: TargetOrigin) -> Resolution {
        let path = url.path.trim_end_matches('/');
        let mut candidates = self.others.clone();
        let prefixes = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .chain(std::iter::once(path));
        for prefix in prefixes {
            if let Some(list) = self
                .by_host_path
                .get(&(url.host.clone(), prefix.to_owned()))
            {
                candidates.extend_from_slice(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut steps = Vec::new();
        let mut effective = Vec::new();
        let mut use_http_path = None;
        for i in candidates {
            let (r, parsed, helper) = &self.entries[i];
            let (r, e) = (*r, git.entry(*r));
            if let Some(pattern) = &e.subsection
                && !urlmatch::credential_section_matches_parsed(pattern, parsed.as_ref(), &url)
            {
                continue;
            }
            match e.name.as_str() {
                "helper" => match e.value.as_deref() {
                    Some("") => {
                        effective.clear();
                        steps.push(Step {
                            entry: r,
                            helper: None,
                        });
                    }
                    Some(_) => {
                        effective.push(steps.len());
                        steps.push(Step {
                            entry: r,
                            helper: helper.clone(),
                        });
                    }
                    None => {}
                },
                "usehttppath" => use_http_path = Some(r),
                _ => {}
            }
        }
        if url.carries_credentials() {
            effective.clear();
        }
        Resolution {
            url,
            origin,
            steps,
            effective,
            use_http_path,
        }
    }
}

/// CodeCommit URLs worth evaluating without a remote: a standard-form URL whenever a
/// CodeCommit helper is configured anywhere, and a URL inside every CodeCommit scope a
/// credential section names (`*` filled in), so a scope no remote uses yet is checked too.
fn generic_urls(git: &GitConfigSet, any_codecommit_helper: bool) -> Vec<Url> {
    let example = |host: &str, path: &str| Url::parse(&format!("https://{host}{path}"));
    let mut urls: Vec<Url> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if any_codecommit_helper {
        urls.extend(example(
            &HostForm::STANDARD.example_host(),
            "/v1/repos/example",
        ));
        seen.extend(urls.iter().map(Url::display));
    }
    // every `[credential "<url>"]` header, including sections with no entries yet, and the
    // scoped keys of `GIT_CONFIG_COUNT` / `-c` (`credential.<url>.helper`), which have none
    let headers = git
        .files
        .iter()
        .flat_map(|f| f.file.headers.iter())
        .map(|h| (h.section.as_str(), h.subsection.as_deref()));
    let keys = git
        .entries()
        .map(|(_, e)| (e.section.as_str(), e.subsection.as_deref()));
    for (section, sub) in headers.chain(keys) {
        let (Some(sub), "credential") = (sub, section) else {
            continue;
        };
        let Some(pattern) = Url::parse(sub) else {
            continue;
        };
        if pattern.scheme != "https" {
            continue;
        }
        let Some(host) = endpoint::host_in_pattern(&pattern.host) else {
            continue;
        };
        let path = if pattern.path == "/" {
            "/v1/repos/example".to_owned()
        } else {
            pattern.path.clone()
        };
        let host = match pattern.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        };
        if let Some(url) = example(&host, &path)
            && seen.insert(url.display())
        {
            urls.push(url);
        }
    }
    urls
}

/// `remote.<name>.url` entries, rewritten by the longest matching `url.<base>.insteadOf`.
fn remotes(git: &GitConfigSet) -> Vec<Remote> {
    let rewrites: Vec<(EntryRef, String, String)> = git
        .entries()
        .filter(|(_, e)| e.section == "url" && e.name == "insteadof")
        .filter_map(|(r, e)| Some((r, e.value.clone()?, e.subsection.clone()?)))
        .collect();
    git.entries()
        .filter(|(_, e)| e.is("remote", "url") && e.subsection.is_some())
        .filter_map(|(r, e)| {
            let configured = e.value.clone()?;
            let best = rewrites
                .iter()
                .filter(|(_, prefix, _)| {
                    !prefix.is_empty() && configured.starts_with(prefix.as_str())
                })
                .max_by_key(|(_, prefix, _)| prefix.len());
            let (url, rewritten_by) = match best {
                Some((site, prefix, base)) => (
                    format!("{base}{}", &configured[prefix.len()..]),
                    Some(*site),
                ),
                None => (configured.clone(), None),
            };
            Some(Remote {
                name: e.subsection.clone().unwrap_or_default(),
                parsed: Url::parse(&url),
                configured,
                url,
                entry: r,
                rewritten_by,
            })
        })
        .collect()
}

impl Context {
    /// What git resolves for remote `remote`'s URL.
    pub fn resolution_of_remote(&self, remote: usize) -> Option<&Resolution> {
        self.resolutions
            .iter()
            .find(|r| r.origin == TargetOrigin::Remote(remote))
    }

    /// A place in the file of `file`, with its scope and include chain.
    pub fn file_location(&self, file: usize, span: std::ops::Range<usize>) -> Location {
        let loaded = &self.git.files[file];
        Location {
            source: loaded.file.source.clone(),
            span,
            scope: loaded.scope,
            include_chain: self
                .git
                .include_chain(file)
                .into_iter()
                .map(|site| {
                    let src = &self.git.files[site.file].file.source;
                    let (line, _) = src.line_col(self.git.entry(site).key_span.start);
                    format!(
                        "{}:{line}",
                        crate::base::paths::display_path(
                            &src.path,
                            crate::base::paths::git_home(&self.env).as_deref()
                        )
                    )
                })
                .collect(),
        }
    }

    /// The whole `key = value` of an entry.
    pub fn entry_location(&self, r: EntryRef) -> Location {
        self.file_location(r.file, self.entry(r).line_span.clone())
    }

    /// The value of an entry (the key when it has none).
    pub fn value_location(&self, r: EntryRef) -> Location {
        let e = self.entry(r);
        let span = if e.value_span.is_empty() {
            e.line_span.clone()
        } else {
            e.value_span.clone()
        };
        self.file_location(r.file, span)
    }

    /// A sub-range of an entry's value, given as offsets into the unquoted value; falls back to
    /// the whole value when the written text differs (quotes, escapes).
    pub fn value_part_location(&self, r: EntryRef, needle: &str) -> Location {
        let e = self.entry(r);
        let src = &self.git.files[r.file].file.source;
        let raw = &src.text[e.value_span.clone()];
        match raw.find(needle) {
            Some(i) if !needle.is_empty() => {
                let start = e.value_span.start + i;
                self.file_location(r.file, start..start + needle.len())
            }
            _ => self.value_location(r),
        }
    }

    /// A place in one of the AWS files.
    pub fn aws_location(
        &self,
        kind: crate::parse::awsconfig::AwsFileKind,
        span: std::ops::Range<usize>,
    ) -> Location {
        let loaded = self
            .aws
            .file(kind)
            .expect("spans come from a loaded AWS file");
        Location {
            source: loaded.source.clone(),
            span,
            scope: loaded.scope(),
            include_chain: Vec::new(),
        }
    }

    /// A place in the environment, shown as `NAME=value` lines.
    pub fn env_location(&self, name: &str) -> Location {
        let value = self.env.var(name).unwrap_or("");
        let text = format!("{name}={value}\n");
        Location {
            source: std::sync::Arc::new(crate::base::source::Source::new(
                "environment",
                text.as_bytes(),
            )),
            span: 0..text.len() - 1,
            scope: crate::base::source::Scope::Env,
            include_chain: Vec::new(),
        }
    }

    /// A short description of an entry's place: `~/.gitconfig:12`.
    pub fn describe(&self, r: EntryRef) -> String {
        let loc = self.entry_location(r);
        format!(
            "{}:{}",
            crate::base::paths::display_path(
                loc.path(),
                crate::base::paths::git_home(&self.env).as_deref()
            ),
            loc.line_col().0
        )
    }
}

use crate::finding::Location;
