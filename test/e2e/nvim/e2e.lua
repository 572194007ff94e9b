-- Headless Neovim as a second, independent LSP client of the Elasticsearch Roles language server.
-- Works with Neovim 0.7 (Debian bookworm's 0.7.2: no vim.lsp.start, so start_client + buf_attach_client)
-- and later versions. Run by test/e2e/neovim.test.mjs:
--   ES_ROLES_SERVER=dist/server.js ES_ROLES_FILE=/path/typo.role.json \
--   nvim --headless --clean -n -i NONE -c 'luafile test/e2e/nvim/e2e.lua'
-- The file must contain, on its own lines, the misspelled `"manage_index_template",` and an empty `""`
-- inside "cluster": [ ... ].
-- Prints one line per check: `CHECK ok <name>` or `CHECK FAILED <name> :: <details>`, then exits 0
-- when every check passed and 1 otherwise.

local server = assert(os.getenv('ES_ROLES_SERVER'), 'ES_ROLES_SERVER is not set')
local file = assert(os.getenv('ES_ROLES_FILE'), 'ES_ROLES_FILE is not set')
local timeout = tonumber(os.getenv('ES_ROLES_TIMEOUT_MS') or '') or 20000
local CODE = 'unknown-cluster-privilege'

local function out(s) io.stdout:write(s .. '\n') end
local failures = 0
local function check(name, cond, details)
  if cond then
    out('CHECK ok ' .. name)
  else
    failures = failures + 1
    out('CHECK FAILED ' .. name .. ' :: ' .. tostring(details or ''))
  end
end
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function finish()
  out(string.format('DONE %d checks failed, %d ms', failures, ms()))
  io.stdout:flush()
  if failures > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

-- Any Lua error counts as a failure and still ends the editor.
local ok, err = pcall(function()
  vim.lsp.set_log_level('WARN') -- the log goes to stdpath('cache'): the test points XDG_CACHE_HOME at a temp dir
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  local client_id = vim.lsp.start_client({
    name = 'es-roles',
    cmd = { 'node', '--max-semi-space-size=4', server, '--stdio' }, -- as docs/neovim.md shows
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
  })
  check('client started', client_id ~= nil, 'vim.lsp.start_client returned nil')
  if not client_id then return end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local function describe(diags)
    local parts = {}
    for _, d in ipairs(diags) do
      table.insert(parts, string.format('%d:%d %s %s [%s] %s', d.lnum + 1, d.col + 1, tostring(d.source),
        tostring(code_of(d)), tostring(d.severity), d.message))
    end
    return '{' .. table.concat(parts, ' | ') .. '}'
  end
  local function find_line(pattern)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      if l:find(pattern, 1, true) then return i - 1, l end
    end
  end
  local typo_line = find_line('"manage_index_template"')
  local empty_line, empty_text = find_line('""')
  assert(typo_line and empty_line, 'the role file lacks the misspelled privilege or the empty string')

  local function typo_diags()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if code_of(d) == CODE and d.lnum == typo_line then table.insert(found, d) end
    end
    return found
  end

  -- 1) the server publishes a diagnostic for the misspelled privilege (textDocument/publishDiagnostics)
  local got = vim.wait(timeout, function() return #typo_diags() > 0 end, 20)
  out(string.format('INFO first matching diagnostic after %d ms: %s', ms(), describe(vim.diagnostic.get(bufnr))))
  check('diagnostic ' .. CODE .. ' on the misspelled privilege', got, describe(vim.diagnostic.get(bufnr)))
  local d = typo_diags()[1]
  check('diagnostic source is es-roles', d ~= nil and d.source == 'es-roles', d and tostring(d.source))

  -- 2) completion between the quotes of "" in the cluster array (textDocument/completion)
  local col = empty_text:find('""', 1, true) -- 1-based column of the first quote = 0-based column after it
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = empty_line, character = col } }
  local responses, req_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, timeout)
  local labels = {}
  for _, resp in pairs(responses or {}) do
    local result = resp.result or {}
    for _, item in ipairs(result.items or result) do table.insert(labels, item.label) end
  end
  out('INFO completion labels: ' .. table.concat(labels, ', '))
  check('completion in "cluster" offers monitor', vim.tbl_contains(labels, 'monitor'),
    req_err or ('labels: ' .. table.concat(labels, ', ')))
  check('completion in "cluster" does not offer the index privilege view_index_metadata',
    #labels > 0 and not vim.tbl_contains(labels, 'view_index_metadata'), 'labels: ' .. table.concat(labels, ', '))

  -- 3) an edit that fixes the typo (textDocument/didChange) clears its diagnostic
  local line = vim.api.nvim_buf_get_lines(bufnr, typo_line, typo_line + 1, false)[1]
  local fixed = line:gsub('"manage_index_template"', '"manage_index_templates"')
  vim.api.nvim_buf_set_lines(bufnr, typo_line, typo_line + 1, false, { fixed })
  -- (only meaningful when the diagnostic was there in the first place)
  local cleared = got and vim.wait(timeout, function() return #typo_diags() == 0 end, 20)
  check('fixing the typo clears its diagnostic', cleared,
    got and describe(vim.diagnostic.get(bufnr)) or 'there was no diagnostic to clear')

  -- 4) filling the empty string with a valid privilege leaves no diagnostic at all
  local eline = vim.api.nvim_buf_get_lines(bufnr, empty_line, empty_line + 1, false)[1]
  vim.api.nvim_buf_set_lines(bufnr, empty_line, empty_line + 1, false, { (eline:gsub('""', '"monitor"', 1)) })
  local none = got and vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == 0 end, 20)
  check('the fixed file has no diagnostics', none,
    got and describe(vim.diagnostic.get(bufnr)) or 'the server never published diagnostics')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end)
if not ok then check('script ran without a Lua error', false, err) end
finish()
