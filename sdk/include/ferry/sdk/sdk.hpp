// Everything a plugin needs.
#pragma once

#include "ferry/sdk/date.hpp"
#include "ferry/sdk/decimal.hpp"
#include "ferry/sdk/document.hpp"
#include "ferry/sdk/duration.hpp"
#include "ferry/sdk/host.hpp"
#include "ferry/sdk/plugin.hpp"
#include "ferry/sdk/problem.hpp"
#include "ferry/sdk/settings.hpp"
#include "ferry/sdk/settings_binding.hpp"
#include "ferry/sdk/sink.hpp"
#include "ferry/sdk/source.hpp"
#include "ferry/sdk/store.hpp"
