"""Files the library reads beside case files: pack data folders and platform policy files."""
