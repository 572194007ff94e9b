import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Codes, getLanguageService, type Shape } from '../../server/src/language';
import { INFO } from '../helpers/diagnostics';

/**
 * Realistic documents Elasticsearch accepts, written after the examples in the Elasticsearch docs
 * and YAML REST tests. Each must validate without a diagnostic, except the information hints named
 * in `hints` (raw action names are accepted but discouraged).
 */
interface ValidDocument {
  readonly name: string;
  readonly uri: string;
  readonly shape: Shape;
  readonly text: string;
  readonly hints?: number;
  readonly targetVersion?: string;
}

const DOCUMENTS: ValidDocument[] = [
  {
    name: 'a role granting raw action names',
    uri: 'file:///roles/health-checker.role.json',
    shape: 'role',
    hints: 3,
    text: `{
  "cluster": ["cluster:monitor/main", "cluster:monitor/health"],
  "indices": [
    { "names": ["app-logs"], "privileges": ["read", "indices:admin/get"] }
  ]
}`,
  },
  {
    name: 'a role with templated document-level security',
    uri: 'file:///roles/own-documents.role.json',
    shape: 'role',
    text: `{
  "description": "Each user reads only the tickets assigned to them or to one of their groups.",
  "indices": [
    {
      "names": ["tickets-*"],
      "privileges": ["read", "view_index_metadata"],
      "query": {
        "template": {
          "source": {
            "bool": {
              "should": [
                { "term": { "assignee": "{{_user.username}}" } },
                { "terms": { "assignee_group": ["{{_user.metadata.team}}"] } }
              ]
            }
          }
        }
      }
    },
    {
      "names": ["wiki"],
      "privileges": ["read"],
      "query": {
        "template": {
          "source": "{\\"terms\\": {\\"readers\\": {{#toJson}}_user.roles{{/toJson}}}}"
        }
      }
    }
  ]
}`,
  },
  {
    name: 'a role with field-level security',
    uri: 'file:///roles/hr-analyst.role.json',
    shape: 'role',
    text: `{
  "cluster": ["monitor"],
  "indices": [
    {
      "names": ["employees"],
      "privileges": ["read"],
      "field_security": {
        "grant": ["name", "department", "address.*", "salary"],
        "except": ["salary", "address.street"]
      }
    },
    {
      "names": ["customers-*"],
      "privileges": ["read"],
      "field_security": { "grant": ["*"], "except": ["customer.ssn", "customer.card.*"] },
      "query": { "term": { "region": "emea" } }
    }
  ]
}`,
  },
  {
    name: 'a role for cross-cluster search over API-key remote clusters',
    uri: 'file:///roles/remote-search.role.json',
    shape: 'role',
    text: `{
  "cluster": ["monitor_enrich"],
  "remote_indices": [
    {
      "clusters": ["prod-eu", "prod-us-*"],
      "names": ["logs-*", "metrics-*"],
      "privileges": ["read", "read_cross_cluster", "view_index_metadata"],
      "allow_restricted_indices": false
    }
  ],
  "remote_cluster": [
    { "privileges": ["monitor_enrich", "monitor_stats"], "clusters": ["prod-*"] }
  ]
}`,
  },
  {
    name: 'a role with Kibana feature and space privileges',
    uri: 'file:///roles/marketing-analyst.role.json',
    shape: 'role',
    text: `{
  "indices": [
    { "names": ["campaigns-*"], "privileges": ["read", "view_index_metadata"] }
  ],
  "applications": [
    {
      "application": "kibana-.kibana",
      "privileges": ["feature_discover.read", "feature_dashboard.all", "feature_visualize.read"],
      "resources": ["space:default", "space:marketing"]
    },
    { "application": "kibana-.kibana", "privileges": ["read"], "resources": ["space:sales"] }
  ]
}`,
  },
  {
    name: 'a role that may impersonate other users',
    uri: 'file:///roles/support-impersonation.role.json',
    shape: 'role',
    text: `{
  "cluster": ["monitor"],
  "run_as": ["support-*", "jdoe"],
  "metadata": { "ticket": "SEC-1234", "owner": { "team": "support" } }
}`,
  },
  {
    name: 'a role with every global privilege category',
    uri: 'file:///roles/platform-admin.role.json',
    shape: 'role',
    text: `{
  "cluster": ["manage_security"],
  "global": {
    "application": { "manage": { "applications": ["inventory-*", "billing"] } },
    "profile": { "write": { "applications": ["kibana-*"] } },
    "role": {
      "manage": {
        "indices": [
          { "names": ["team-a-*"], "privileges": ["read", "write", "view_index_metadata"] },
          { "names": "shared", "privileges": ["read"] }
        ]
      }
    }
  }
}`,
  },
  {
    name: 'a GET _security/role answer saved as a roles file',
    uri: 'file:///dump/roles.roles.json',
    shape: 'roles',
    text: `{
  "my_admin_role": {
    "description": "Grants full access to the cluster.",
    "cluster": ["all"],
    "indices": [
      {
        "names": ["index1", "index2"],
        "privileges": ["all"],
        "field_security": { "grant": ["title", "body"] },
        "query": "{\\"match\\": {\\"title\\": \\"foo\\"}}",
        "allow_restricted_indices": false
      }
    ],
    "applications": [],
    "run_as": ["other_user"],
    "metadata": { "version": 1 },
    "transient_metadata": { "enabled": true }
  },
  "logs_reader": {
    "cluster": [],
    "indices": [
      { "names": ["logs-*"], "privileges": ["read"], "allow_restricted_indices": false }
    ],
    "applications": [],
    "run_as": [],
    "metadata": {},
    "transient_metadata": { "enabled": true }
  }
}`,
  },
  {
    name: 'a bulk roles body',
    uri: 'file:///roles/bulk.json',
    shape: 'bulk',
    text: `{
  "roles": {
    "ingest_writer": {
      "cluster": ["monitor", "manage_index_templates", "manage_ilm"],
      "indices": [
        { "names": ["logs-*-*", "metrics-*-*"], "privileges": ["auto_configure", "create_doc"] }
      ]
    },
    "role_with_description": {
      "description": "Reads every index except the system ones.",
      "indices": [{ "names": ["*"], "privileges": ["read"] }]
    }
  }
}`,
  },
  {
    name: 'a create-API-key body with a workflow restriction',
    uri: 'file:///keys/search-app.apikey.json',
    shape: 'api_key_create',
    text: `{
  "name": "search-app-key",
  "expiration": "30d",
  "role_descriptors": {
    "search-only": {
      "indices": [{ "names": ["products"], "privileges": ["read"] }],
      "restriction": { "workflows": ["search_application_query"] }
    }
  },
  "metadata": { "application": "storefront", "environment": { "level": 1, "tags": ["dev", "staging"] } }
}`,
  },
  {
    name: 'a create-API-key body with several role descriptors (index alias)',
    uri: 'file:///keys/ingest.json',
    shape: 'api_key_create',
    text: `{
  "name": "my-api-key",
  "expiration": "1d",
  "role_descriptors": {
    "role-a": { "cluster": ["all"], "index": [{ "names": ["index-a*"], "privileges": ["read"] }] },
    "role-b": { "cluster": ["all"], "index": [{ "names": ["index-b*"], "privileges": ["all"] }] }
  }
}`,
  },
  {
    name: 'a grant-API-key body',
    uri: 'file:///keys/grant-for-user.apikey.json',
    shape: 'api_key_grant',
    text: `{
  "grant_type": "password",
  "username": "test_admin",
  "password": "x-pack-test-password",
  "run_as": "test_user",
  "api_key": {
    "name": "another-api-key",
    "expiration": "12h",
    "role_descriptors": {
      "reader": { "indices": [{ "names": ["reports-*"], "privileges": ["read"] }] }
    }
  }
}`,
  },
  {
    name: 'a has_privileges body',
    uri: 'file:///checks/inventory.has_privileges.json',
    shape: 'has_privileges',
    text: `{
  "cluster": ["monitor", "manage"],
  "index": [
    { "names": ["suppliers", "products"], "privileges": ["read"] },
    { "names": ["inventory"], "privileges": ["read", "write"] }
  ],
  "application": [
    { "application": "inventory_manager", "privileges": ["read", "data:write/inventory"], "resources": ["product/1852563"] }
  ]
}`,
  },
  {
    name: 'a role with comments',
    uri: 'file:///roles/commented.role.json',
    shape: 'role',
    text: `// Read-only access to the web logs, reviewed 2024-05.
{
  /* Cluster: health and stats only. */
  "cluster": ["monitor"],
  "indices": [
    {
      "names": ["weblogs-*"], // daily indices
      "privileges": ["read", "view_index_metadata"]
    }
  ]
  /* trailing
     block comment */
}
`,
  },
  {
    name: 'a role file that starts with a byte-order mark',
    uri: 'file:///roles/bom.role.json',
    shape: 'role',
    text: '\uFEFF{\n  "cluster": ["monitor"],\n  "indices": [{ "names": ["bom-*"], "privileges": ["read"] }]\n}\n',
  },
  {
    name: 'a role with regular-expression names and restricted indices',
    uri: 'file:///roles/security-auditor.role.json',
    shape: 'role',
    text: `{
  "cluster": ["read_security", "monitor"],
  "indices": [
    { "names": ["/audit-[0-9]{4}\\\\.[0-9]{2}/"], "privileges": ["read"] },
    { "names": [".security*"], "privileges": ["read", "monitor"], "allow_restricted_indices": true }
  ]
}`,
  },
  {
    name: 'an empty role (no privileges)',
    uri: 'file:///roles/nothing.role.json',
    shape: 'role',
    text: '{}',
  },
  {
    name: 'a role written for an older target version',
    uri: 'file:///roles/legacy.role.json',
    shape: 'role',
    targetVersion: '7.17',
    text: `{
  "cluster": ["monitor", "manage_ilm", "manage_transform"],
  "indices": [{ "names": ["legacy-*"], "privileges": ["read", "read_cross_cluster"] }]
}`,
  },
];

describe('valid documents', () => {
  it('has at least 12 of them, covering every shape', () => {
    expect(DOCUMENTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DOCUMENTS.map((d) => d.shape))).toEqual(new Set(['role', 'roles', 'bulk', 'api_key_create', 'api_key_grant', 'has_privileges']));
  });

  describe.each(DOCUMENTS)('$name', (d) => {
    const ls = getLanguageService();
    const doc = TextDocument.create(d.uri, 'json', 1, d.text);

    it(`is detected as ${d.shape}`, () => {
      expect(ls.shapeOf(doc)).toBe(d.shape);
    });

    it('has no diagnostics other than the expected hints', () => {
      const diagnostics = ls.doValidation(doc, { targetVersion: d.targetVersion });
      const unexpected = diagnostics.filter((x) => x.code !== Codes.rawActionPrivilege || x.severity !== INFO);
      expect(unexpected.map((x) => `${x.code}: ${x.message}`)).toEqual([]);
      expect(diagnostics).toHaveLength(d.hints ?? 0);
    });

    it('is parsed without syntax errors', () => {
      expect(ls.parse(doc).syntaxErrors).toEqual([]);
    });
  });
});
