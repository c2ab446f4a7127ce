//! Writers and pictures for Vigil results.
