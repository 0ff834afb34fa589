// motcua.v1.LookupService: a citizen's status lookup by dossier code and
// the secret printed on the receipt slip.
//
// A wrong secret and an unknown code get the same NOT_FOUND answer, and the
// secret is checked (constant time) even when the code is unknown, so the
// answer tells a guesser nothing. Callers are rate-limited by their network
// address (RateLimiter; behind a trusted proxy the address it forwards, see
// services/caller_key.h): RESOURCE_EXHAUSTED when exceeded. Reads only.
//
// Thread safety: handlers run concurrently; collaborators are thread-safe.
#pragma once

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "engine/ports/lookup_secrets.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "runtime/calendar_book.h"
#include "runtime/catalogue_book.h"
#include "runtime/sequencer.h"
#include "services/access_control.h"
#include "services/caller_key.h"
#include "services/rate_limiter.h"

namespace motcua::services {

class LookupService final : public motcua::v1::LookupService::CallbackService {
 public:
  LookupService(const AccessControl& access, runtime::Sequencer& sequencer,
                const engine::DossierStore& store,
                const engine::LookupSecrets& secrets,
                const runtime::CalendarBook& calendars,
                const runtime::CatalogueBook& catalogue,
                const engine::Clock& clock, RateLimit limit,
                TrustedProxies proxies)
      : access_(access),
        sequencer_(sequencer),
        store_(store),
        secrets_(secrets),
        calendars_(calendars),
        catalogue_(catalogue),
        clock_(clock),
        limiter_(limit),
        proxies_(std::move(proxies)) {}

  grpc::ServerUnaryReactor* LookupDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::LookupDossierRequest* request,
      motcua::v1::LookupDossierResponse* response) override;
  grpc::ServerUnaryReactor* RateDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::RateDossierRequest* request,
      motcua::v1::RateDossierResponse* response) override;

 private:
  // The rate limiter's key for this call (CallerKey).
  std::string KeyOf(const grpc::CallbackServerContext& context) const;

  const AccessControl& access_;
  runtime::Sequencer& sequencer_;
  const engine::DossierStore& store_;
  const engine::LookupSecrets& secrets_;
  const runtime::CalendarBook& calendars_;
  const runtime::CatalogueBook& catalogue_;
  const engine::Clock& clock_;
  RateLimiter limiter_;
  const TrustedProxies proxies_;
};

}  // namespace motcua::services
