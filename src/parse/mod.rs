//! Readers of the files git and the AWS CLI read, and of the values in them: git config,
//! AWS config and credentials, URL matching as git does it, CodeCommit endpoints and
//! credential-helper values. Stands on `base`.

pub mod awsconfig;
pub mod endpoint;
pub mod gitconfig;
pub mod helper_value;
pub mod urlmatch;
