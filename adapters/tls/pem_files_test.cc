#include "adapters/tls/pem_files.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tests/fakes/temp_dir.h"
#include "tests/fakes/test_pki.h"

namespace motcua::adapters {
namespace {

// The same key, passphrase-protected.
std::string Encrypted(const std::string& key_pem) {
  BIO* in = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO_free(in);
  BIO* out = BIO_new(BIO_s_mem());
  char pass[] = "secret";
  PEM_write_bio_PrivateKey(out, key, EVP_aes_128_cbc(), nullptr, 0, nullptr,
                           pass);
  char* data = nullptr;
  const long n = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(out);
  EVP_PKEY_free(key);
  return pem;
}

class PemFilesTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_.path() + "/" + name;
    testing::WriteFileAtomically(path, content);
    return path;
  }

  testing::TempDir dir_;
  testing::TestCa ca_{"pem test CA"};
  testing::KeyPair server_ = ca_.IssueServer(10);
};

TEST_F(PemFilesTest, ReadsAChainAndTheKeyOfItsFirstCertificate) {
  const std::string chain = server_.cert_pem + ca_.cert_pem();
  auto certs = ReadPemCertificates(Write("chain.pem", chain));
  ASSERT_TRUE(certs.ok()) << certs.error().message;
  EXPECT_EQ(*certs, chain);
  auto key = ReadPemPrivateKey(Write("key.pem", server_.key_pem));
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(*key, server_.key_pem);
  EXPECT_TRUE(CheckKeyMatchesCertificate(*key, *certs).ok());
}

TEST_F(PemFilesTest, RefusesWhatIsNotACertificateChain) {
  struct Case {
    std::string name;
    std::string path;
    std::string expected;
  };
  const Case cases[] = {
      {"missing", dir_.path() + "/missing.pem", "cannot read"},
      {"empty", Write("empty.pem", ""), "not a PEM file"},
      {"a key", Write("key.pem", server_.key_pem), "holds no PEM certificate"},
      {"broken base64",
       Write("broken.pem",
             "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"),
       "holds no PEM certificate"},
      {"a broken second certificate",
       Write("second.pem", server_.cert_pem +
                               "-----BEGIN CERTIFICATE-----\nAAAA\n"
                               "-----END CERTIFICATE-----\n"),
       "certificate 2 cannot be read"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto certs = ReadPemCertificates(c.path);
    ASSERT_FALSE(certs.ok());
    EXPECT_EQ(certs.error().message.rfind(c.path, 0), 0u)
        << certs.error().message;
    EXPECT_NE(certs.error().message.find(c.expected), std::string::npos)
        << certs.error().message;
    EXPECT_EQ(certs.error().message.find("PRIVATE KEY"), std::string::npos);
  }
}

TEST_F(PemFilesTest, RefusesWhatIsNotAnUnencryptedKey) {
  struct Case {
    std::string name;
    std::string path;
    std::string expected;
  };
  const Case cases[] = {
      {"missing", dir_.path() + "/missing.key", "cannot read"},
      {"a certificate", Write("cert.pem", server_.cert_pem),
       "holds no readable PEM private key"},
      {"encrypted", Write("encrypted.key", Encrypted(server_.key_pem)),
       "passphrase-protected"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto key = ReadPemPrivateKey(c.path);
    ASSERT_FALSE(key.ok());
    EXPECT_NE(key.error().message.find(c.expected), std::string::npos)
        << key.error().message;
    EXPECT_EQ(key.error().message.find("PRIVATE KEY"), std::string::npos);
  }
}

TEST_F(PemFilesTest, AKeyOfAnotherCertificateDoesNotMatch) {
  const testing::KeyPair other = ca_.IssueServer(11);
  engine::Status s =
      CheckKeyMatchesCertificate(other.key_pem, server_.cert_pem);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("does not belong"), std::string::npos);
  // The key must match the first certificate, not any of the chain.
  EXPECT_FALSE(CheckKeyMatchesCertificate(server_.key_pem,
                                          ca_.cert_pem() + server_.cert_pem)
                   .ok());
}

}  // namespace
}  // namespace motcua::adapters
