//! Usage errors, help and exit codes that need no server.
