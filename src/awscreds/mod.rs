//! The AWS credential chain and its role cache, as the AWS CLI resolves them: shared by the
//! credential helper, the model (what a profile would give) and `--online`.

pub mod awsfiles;
pub mod cache;
pub mod creds;
pub mod instance;
pub mod profile;
