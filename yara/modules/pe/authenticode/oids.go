package authenticode

import "crypto"

// OIDs of the PKCS#7, PKCS#9 and Authenticode structures.
const (
	oidSignedData           = "1.2.840.113549.1.7.2"
	oidSpcIndirectData      = "1.3.6.1.4.1.311.2.1.4"
	oidMessageDigest        = "1.2.840.113549.1.9.4"
	oidSigningTime          = "1.2.840.113549.1.9.5"
	oidCounterSignature     = "1.2.840.113549.1.9.6"
	oidSpcSpOpusInfo        = "1.3.6.1.4.1.311.2.1.12"
	oidNestedSignature      = "1.3.6.1.4.1.311.2.4.1"
	oidMSTimestamp          = "1.3.6.1.4.1.311.3.3.1"
	oidTSTInfo              = "1.2.840.113549.1.9.16.1.4"
	oidSubjectKeyIdentifier = "2.5.29.14"
	oidRSASSAPSS            = "1.2.840.113549.1.1.10"
)

// shortNames are OpenSSL's short names of the name attribute types.
var shortNames = map[string]string{
	"2.5.4.3":                    "CN",
	"2.5.4.4":                    "SN",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "C",
	"2.5.4.7":                    "L",
	"2.5.4.8":                    "ST",
	"2.5.4.9":                    "street",
	"2.5.4.10":                   "O",
	"2.5.4.11":                   "OU",
	"2.5.4.12":                   "title",
	"2.5.4.13":                   "description",
	"2.5.4.15":                   "businessCategory",
	"2.5.4.16":                   "postalAddress",
	"2.5.4.17":                   "postalCode",
	"2.5.4.18":                   "postOfficeBox",
	"2.5.4.20":                   "telephoneNumber",
	"2.5.4.41":                   "name",
	"2.5.4.42":                   "GN",
	"2.5.4.43":                   "initials",
	"2.5.4.44":                   "generationQualifier",
	"2.5.4.45":                   "x500UniqueIdentifier",
	"2.5.4.46":                   "dnQualifier",
	"2.5.4.65":                   "pseudonym",
	"2.5.4.72":                   "role",
	"2.5.4.97":                   "organizationIdentifier",
	"0.9.2342.19200300.100.1.1":  "UID",
	"0.9.2342.19200300.100.1.25": "DC",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"1.2.840.113549.1.9.2":       "unstructuredName",
	"1.2.840.113549.1.9.8":       "unstructuredAddress",
	"1.3.6.1.4.1.311.60.2.1.1":   "jurisdictionL",
	"1.3.6.1.4.1.311.60.2.1.2":   "jurisdictionST",
	"1.3.6.1.4.1.311.60.2.1.3":   "jurisdictionC",
}

// shortName returns OpenSSL's short name of a name attribute type, or
// the dotted OID when OpenSSL has none.
func shortName(oid string) string {
	if s, ok := shortNames[oid]; ok {
		return s
	}
	return oid
}

// longNames are OpenSSL's long names of signature and digest algorithms.
var longNames = map[string]string{
	"1.2.840.113549.1.1.1":    "rsaEncryption",
	"1.2.840.113549.1.1.2":    "md2WithRSAEncryption",
	"1.2.840.113549.1.1.3":    "md4WithRSAEncryption",
	"1.2.840.113549.1.1.4":    "md5WithRSAEncryption",
	"1.2.840.113549.1.1.5":    "sha1WithRSAEncryption",
	"1.2.840.113549.1.1.10":   "rsassaPss",
	"1.2.840.113549.1.1.11":   "sha256WithRSAEncryption",
	"1.2.840.113549.1.1.12":   "sha384WithRSAEncryption",
	"1.2.840.113549.1.1.13":   "sha512WithRSAEncryption",
	"1.2.840.113549.1.1.14":   "sha224WithRSAEncryption",
	"1.3.14.3.2.3":            "md5WithRSA",
	"1.3.14.3.2.29":           "sha1WithRSA",
	"1.2.840.10040.4.1":       "dsaEncryption",
	"1.2.840.10040.4.3":       "dsaWithSHA1",
	"2.16.840.1.101.3.4.3.1":  "dsa_with_SHA224",
	"2.16.840.1.101.3.4.3.2":  "dsa_with_SHA256",
	"1.2.840.10045.2.1":       "id-ecPublicKey",
	"1.2.840.10045.4.1":       "ecdsa-with-SHA1",
	"1.2.840.10045.4.3.1":     "ecdsa-with-SHA224",
	"1.2.840.10045.4.3.2":     "ecdsa-with-SHA256",
	"1.2.840.10045.4.3.3":     "ecdsa-with-SHA384",
	"1.2.840.10045.4.3.4":     "ecdsa-with-SHA512",
	"1.3.101.112":             "ED25519",
	"1.3.101.113":             "ED448",
	"1.2.840.113549.2.2":      "md2",
	"1.2.840.113549.2.4":      "md4",
	"1.2.840.113549.2.5":      "md5",
	"1.3.14.3.2.26":           "sha1",
	"2.16.840.1.101.3.4.2.1":  "sha256",
	"2.16.840.1.101.3.4.2.2":  "sha384",
	"2.16.840.1.101.3.4.2.3":  "sha512",
	"2.16.840.1.101.3.4.2.4":  "sha224",
	"2.16.840.1.101.3.4.3.10": "ecdsa_with_SHA3-256",
	"2.16.840.1.101.3.4.3.14": "RSA-SHA3-256",
}

// longName returns OpenSSL's long name of an algorithm, or the dotted
// OID when OpenSSL has none.
func longName(oid string) string {
	if s, ok := longNames[oid]; ok {
		return s
	}
	return oid
}

// digestHash returns the hash function of a digest algorithm OID. Some
// signers put a signature algorithm where a digest algorithm belongs;
// those map to their digest too.
func digestHash(oid string) (crypto.Hash, bool) {
	switch oid {
	case "1.2.840.113549.2.5", "1.2.840.113549.1.1.4":
		return crypto.MD5, true
	case "1.3.14.3.2.26", "1.2.840.113549.1.1.5", "1.3.14.3.2.29", "1.2.840.10045.4.1", "1.2.840.10040.4.3":
		return crypto.SHA1, true
	case "2.16.840.1.101.3.4.2.4", "1.2.840.113549.1.1.14", "1.2.840.10045.4.3.1":
		return crypto.SHA224, true
	case "2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.11", "1.2.840.10045.4.3.2":
		return crypto.SHA256, true
	case "2.16.840.1.101.3.4.2.2", "1.2.840.113549.1.1.12", "1.2.840.10045.4.3.3":
		return crypto.SHA384, true
	case "2.16.840.1.101.3.4.2.3", "1.2.840.113549.1.1.13", "1.2.840.10045.4.3.4":
		return crypto.SHA512, true
	}
	return 0, false
}
