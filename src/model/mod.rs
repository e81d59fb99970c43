//! Discovery and the resolved view of one machine: which files git and the AWS CLI read,
//! what each CodeCommit URL resolves to, and what git would get for it (the verdict).

pub mod aws;
pub mod context;
pub mod discover;
pub mod gitcreds;
pub mod grc;
pub mod load;
pub mod verdict;
