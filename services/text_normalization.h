// Text from requests in one Unicode form: NFC (canonical composition), so
// "Nguyễn" typed with a combining tilde and "Nguyễn" typed precomposed are
// the same name in the store, in lookups and in reports. Normalisation runs
// where a request becomes an engine command, before the engine validates
// the text (engine/common/text.h ValidateText); ill-formed UTF-8 is left as
// it is for validation to refuse with the field's name.
//
// Thread safety: pure function (ICU's NFC instance is immutable and shared).
#pragma once

#include <string>
#include <string_view>

namespace motcua::services {

// `text` in NFC, or `text` unchanged when it is not well-formed UTF-8 or
// already normalised (the common case costs one quick check).
std::string Nfc(std::string_view text);

}  // namespace motcua::services
