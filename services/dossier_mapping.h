// Translation between motcua.v1 messages and engine types. Structural only:
// the engine validates; this file never decides whether a value is allowed,
// except that an out-of-range enum or Timestamp cannot be represented and is
// reported as INVALID_ARGUMENT naming the field.
#pragma once

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/dossier/receipt.h"
#include "motcua/v1/dossier.pb.h"

namespace motcua::services {

engine::Result<engine::ReceiveCommand> FromProto(
    const motcua::v1::SubmitDossierRequest& request);

void ToProto(const engine::Dossier& dossier, motcua::v1::Dossier* out);

}  // namespace motcua::services
