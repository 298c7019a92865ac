package config

// testCertPEM is a syntactically valid PEM block; its content is never parsed
// as X.509 by config, only located.
const testCertPEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FmZQ==\n-----END CERTIFICATE-----\n"
