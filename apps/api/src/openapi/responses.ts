// Response schemas of the HTTP API (issue 17): the components every route's success answer refers
// to, and the table saying which route answers which. buildOpenApiDocument merges them into the
// document (docs/openapi.json); test/e2e/openapi-contract.e2e-spec.ts validates real answers against
// them with ajv, so a schema that lies fails there. OpenAPI 3.0 dialect (nullable, no const).
import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

export const RESPONSE_COMPONENTS = {
  AdmissionsReport: {
    description: 'GET /reports/admissions (json)',
    properties: {
      byOrganisation: {
        items: {
          properties: {
            admissions: {
              $ref: '#/components/schemas/CategoryCounts',
            },
            organisation: {
              allOf: [
                {
                  $ref: '#/components/schemas/OrgRef',
                },
              ],
              nullable: true,
            },
            recognitions: {
              type: 'number',
            },
            removals: {
              type: 'number',
            },
          },
          required: ['organisation', 'admissions', 'recognitions', 'removals'],
          type: 'object',
        },
        type: 'array',
      },
      generatedAt: {
        type: 'string',
      },
      layoutNote: {
        $ref: '#/components/schemas/Bilingual',
      },
      organisation: {
        $ref: '#/components/schemas/OrgRef',
      },
      period: {
        $ref: '#/components/schemas/Period',
      },
      periods: {
        items: {
          $ref: '#/components/schemas/PeriodFigures',
        },
        type: 'array',
      },
      personalData: {
        enum: [false],
        type: 'boolean',
      },
      recognitionDates: {
        items: {
          properties: {
            caseId: {
              type: 'string',
            },
            decisionDate: {
              type: 'string',
            },
            effectiveDate: {
              type: 'string',
              nullable: true,
            },
            late: {
              type: 'boolean',
            },
          },
          required: ['caseId', 'decisionDate', 'effectiveDate', 'late'],
          type: 'object',
        },
        type: 'array',
      },
      targets: {
        items: {
          $ref: '#/components/schemas/TargetProgress',
        },
        type: 'array',
      },
      total: {
        $ref: '#/components/schemas/PeriodFigures',
      },
      year: {
        type: 'number',
      },
    },
    required: [
      'organisation',
      'year',
      'period',
      'generatedAt',
      'layoutNote',
      'personalData',
      'periods',
      'total',
      'byOrganisation',
      'recognitionDates',
      'targets',
    ],
    type: 'object',
  },
  AuditRecord: {
    description: 'GET /audit',
    properties: {
      action: {
        type: 'string',
      },
      actorRole: {
        type: 'string',
        nullable: true,
      },
      actorUserId: {
        type: 'string',
        nullable: true,
      },
      caseId: {
        type: 'string',
        nullable: true,
      },
      chain: {
        type: 'string',
      },
      chainSeq: {
        type: 'number',
      },
      details: {
        additionalProperties: {},
        type: 'object',
      },
      hash: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      occurredAt: {
        type: 'string',
      },
      outcome: {
        type: 'string',
      },
      resourceId: {
        type: 'string',
        nullable: true,
      },
      resourceType: {
        type: 'string',
        nullable: true,
      },
      statusCode: {
        type: 'number',
        nullable: true,
      },
      personName: {
        description: "The candidate of the row's case.",
        type: 'string',
        nullable: true,
      },
      actorName: {
        description: 'The person behind the acting account, else its user name.',
        type: 'string',
        nullable: true,
      },
      actorUsername: {
        type: 'string',
        nullable: true,
      },
    },
    required: [
      'id',
      'occurredAt',
      'actorUserId',
      'actorRole',
      'action',
      'resourceType',
      'resourceId',
      'caseId',
      'outcome',
      'statusCode',
      'details',
      'chain',
      'chainSeq',
      'hash',
      'personName',
      'actorName',
      'actorUsername',
    ],
    type: 'object',
  },
  Bilingual: {
    properties: {
      en: {
        type: 'string',
      },
      vi: {
        type: 'string',
      },
    },
    required: ['vi', 'en'],
    type: 'object',
  },
  CaseCommandResult: {
    description: 'The answer of POST /cases/{id}/events (issue 20): the case after the step and its checklist; GET /cases/{id} has the rest of the page.',
    properties: {
      checklist: {
        $ref: '#/components/schemas/Checklist',
      },
      id: {
        type: 'string',
      },
      stage: {
        type: 'string',
      },
      state: {
        type: 'string',
      },
      version: {
        type: 'number',
      },
    },
    required: ['id', 'version', 'state', 'stage', 'checklist'],
    additionalProperties: false,
    type: 'object',
  },
  CaseEventEntry: {
    description: 'GET /cases/{id}/events: the log with payloads.',
    allOf: [
      {
        $ref: '#/components/schemas/TimelineEntry',
      },
      {
        type: 'object',
        properties: {
          correctionEffects: {
            properties: {
              fields: {
                items: {
                  type: 'string',
                },
                type: 'array',
              },
            },
            required: ['fields'],
            type: 'object',
            nullable: true,
          },
          payload: {
            additionalProperties: {},
            type: 'object',
          },
        },
        required: ['payload'],
      },
    ],
  },
  CaseSummary: {
    properties: {
      id: {
        type: 'string',
      },
      nextDue: {
        allOf: [
          {
            $ref: '#/components/schemas/NextDue',
          },
        ],
        nullable: true,
      },
      organisation: {
        $ref: '#/components/schemas/OrgName',
      },
      overdue: {
        type: 'boolean',
      },
      person: {
        properties: {
          fullName: {
            type: 'string',
          },
          id: {
            type: 'string',
          },
        },
        required: ['id', 'fullName'],
        type: 'object',
      },
      stage: {
        type: 'string',
      },
      state: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
      updatedAt: {
        type: 'string',
      },
      version: {
        type: 'number',
      },
    },
    required: ['id', 'version', 'status', 'stage', 'state', 'person', 'organisation', 'nextDue', 'overdue', 'updatedAt'],
    type: 'object',
  },
  CaseView: {
    properties: {
      checklist: {
        $ref: '#/components/schemas/Checklist',
      },
      closedOn: {
        type: 'string',
        nullable: true,
      },
      deadlines: {
        items: {
          $ref: '#/components/schemas/Deadline',
        },
        type: 'array',
      },
      decisions: {
        items: {
          properties: {
            body: {
              type: 'string',
            },
            kind: {
              type: 'string',
            },
            number: {
              type: 'string',
            },
            outcome: {
              type: 'string',
              nullable: true,
            },
            receivedOn: {
              type: 'string',
              nullable: true,
            },
            signedOn: {
              type: 'string',
            },
          },
          required: ['kind', 'number', 'signedOn', 'receivedOn'],
          type: 'object',
        },
        type: 'array',
      },
      documents: {
        items: {
          properties: {
            dated: {
              type: 'string',
              nullable: true,
            },
            fileName: {
              type: 'string',
              nullable: true,
            },
            formCode: {
              type: 'string',
            },
            id: {
              type: 'string',
            },
            issuer: {
              type: 'string',
              nullable: true,
            },
            number: {
              type: 'string',
              nullable: true,
            },
          },
          required: ['id', 'formCode'],
          type: 'object',
        },
        type: 'array',
      },
      edition: {
        type: 'string',
        nullable: true,
      },
      facts: {
        additionalProperties: {},
        type: 'object',
      },
      id: {
        type: 'string',
      },
      machineVersion: {
        type: ['number', 'string'],
      },
      openedOn: {
        type: 'string',
        nullable: true,
      },
      organisation: {
        properties: {
          id: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
        },
        required: ['id', 'name'],
        type: 'object',
        nullable: true,
      },
      outcome: {
        type: 'string',
        nullable: true,
      },
      person: {
        additionalProperties: {},
        properties: {
          birthDate: {
            type: 'string',
            nullable: true,
          },
          fullName: {
            type: 'string',
          },
          id: {
            type: 'string',
          },
          sex: {
            type: 'string',
            nullable: true,
          },
        },
        required: ['id', 'fullName'],
        type: 'object',
        nullable: true,
      },
      stage: {
        type: 'string',
      },
      state: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
      timeline: {
        items: {
          $ref: '#/components/schemas/TimelineEntry',
        },
        type: 'array',
      },
      version: {
        type: 'number',
      },
      violations: {
        items: {
          properties: {
            actualDate: {
              type: 'string',
              nullable: true,
            },
            details: {
              additionalProperties: {},
              properties: {
                reason: {
                  anyOf: [
                    {
                      $ref: '#/components/schemas/Bilingual',
                    },
                    {
                      type: 'string',
                    },
                  ],
                },
              },
              type: 'object',
              nullable: true,
            },
            dueDate: {
              type: 'string',
              nullable: true,
            },
            responsible: {
              type: 'string',
              nullable: true,
            },
            ruleId: {
              type: 'string',
            },
            status: {
              type: 'string',
            },
            step: {
              type: 'string',
            },
          },
          required: ['ruleId', 'step', 'status', 'dueDate', 'actualDate'],
          type: 'object',
        },
        type: 'array',
      },
      votes: {
        items: {
          properties: {
            against: {
              type: 'number',
            },
            body: {
              type: 'string',
            },
            eligible: {
              type: 'number',
            },
            for: {
              type: 'number',
            },
            meetingDate: {
              type: 'string',
            },
            motion: {
              type: 'string',
            },
            passed: {
              type: 'boolean',
            },
            required: {
              type: 'number',
            },
          },
          required: ['body', 'motion', 'meetingDate', 'eligible', 'for', 'against', 'required', 'passed'],
          type: 'object',
        },
        type: 'array',
      },
    },
    required: [
      'id',
      'version',
      'status',
      'stage',
      'state',
      'outcome',
      'person',
      'organisation',
      'votes',
      'decisions',
      'documents',
      'deadlines',
      'checklist',
      'violations',
      'timeline',
    ],
    type: 'object',
  },
  CategoryCounts: {
    properties: {
      flags: {
        additionalProperties: {
          type: 'number',
        },
        type: 'object',
      },
      occupation: {
        additionalProperties: {
          type: 'number',
        },
        type: 'object',
      },
      total: {
        type: 'number',
      },
    },
    required: ['total', 'occupation', 'flags'],
    type: 'object',
  },
  Checklist: {
    description: 'What the case can take now: the steps allowed, the steps blocked with the rules that block them, the requirements still open.',
    properties: {
      allowed: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      blocked: {
        items: {
          properties: {
            failures: {
              items: {
                $ref: '#/components/schemas/RuleFailure',
              },
              type: 'array',
            },
            type: {
              type: 'string',
            },
          },
          required: ['type', 'failures'],
          type: 'object',
        },
        type: 'array',
      },
      requirements: {
        items: {
          $ref: '#/components/schemas/Requirement',
        },
        type: 'array',
      },
    },
    required: ['allowed', 'blocked', 'requirements'],
    type: 'object',
  },
  Citation: {
    properties: {
      instrument: {
        type: 'string',
      },
      section: {
        type: 'string',
      },
      title: {
        type: 'string',
      },
    },
    required: ['instrument', 'section'],
    type: 'object',
  },
  ComplianceCheck: {
    description: 'GET /compliance/checks',
    properties: {
      citation: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      id: {
        type: 'string',
      },
      looksAt: {
        type: 'string',
      },
      rule: {
        $ref: '#/components/schemas/Bilingual',
      },
      ruleId: {
        type: 'string',
      },
      steps: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      title: {
        $ref: '#/components/schemas/Bilingual',
      },
    },
    required: ['id', 'ruleId', 'title', 'looksAt', 'steps', 'rule', 'citation'],
    type: 'object',
  },
  CoverageReport: {
    description: 'GET /reports/coverage',
    properties: {
      asOf: {
        type: 'string',
      },
      baseOrganisations: {
        properties: {
          admitting: {
            type: 'number',
          },
          items: {
            items: {
              properties: {
                admitted: {
                  type: 'number',
                },
                code: {
                  type: 'string',
                },
                id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
              },
              required: ['admitted', 'code', 'id', 'name'],
              type: 'object',
            },
            type: 'array',
          },
          share: {
            type: 'number',
            nullable: true,
          },
          total: {
            type: 'number',
          },
        },
        required: ['total', 'admitting', 'share', 'items'],
        type: 'object',
      },
      from: {
        type: 'string',
      },
      hamlets: {
        properties: {
          gaps: {
            items: {
              properties: {
                cellId: {
                  type: 'string',
                  nullable: true,
                },
                code: {
                  type: 'string',
                },
                fullMembers: {
                  type: 'number',
                },
                gap: {
                  enum: ['noCell', 'noMember'],
                  type: 'string',
                },
                id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
              },
              required: ['id', 'code', 'name', 'cellId', 'fullMembers', 'gap'],
              type: 'object',
            },
            type: 'array',
          },
          noCell: {
            type: 'number',
          },
          noMember: {
            type: 'number',
          },
          total: {
            type: 'number',
          },
        },
        required: ['total', 'noCell', 'noMember', 'gaps'],
        type: 'object',
      },
      organisation: {
        $ref: '#/components/schemas/OrgRef',
      },
      to: {
        type: 'string',
      },
    },
    required: ['organisation', 'asOf', 'from', 'to', 'hamlets', 'baseOrganisations'],
    type: 'object',
  },
  Countdown: {
    description: "Days left until a deadline's limit, or days past it (libs/procedure deadlineCountdown).",
    properties: {
      left: {
        description: 'Days left (0 on the last day); null when overdue or the calendar lacks a year.',
        type: 'number',
        nullable: true,
      },
      overdueDays: {
        type: 'number',
      },
      unit: {
        enum: ['workingDays', 'calendarDays'],
        type: 'string',
      },
    },
    required: ['unit', 'left', 'overdueDays'],
    type: 'object',
  },
  Deadline: {
    properties: {
      calendarStatus: {
        type: 'string',
      },
      countdown: {
        allOf: [
          {
            $ref: '#/components/schemas/Countdown',
          },
        ],
        description: 'Pending deadlines: days left (working days for a working-day timer) or days overdue, counted by the API.',
        nullable: true,
      },
      due: {
        type: 'string',
        nullable: true,
      },
      edition: {
        type: 'string',
        nullable: true,
      },
      extendedDue: {
        type: 'string',
        nullable: true,
      },
      extendedTo: {
        type: 'string',
        nullable: true,
      },
      key: {
        type: 'string',
      },
      label: {
        $ref: '#/components/schemas/Bilingual',
      },
      overdue: {
        type: 'boolean',
      },
      reminders: {
        items: {
          properties: {
            date: {
              type: 'string',
            },
          },
          required: ['date'],
          type: 'object',
        },
        type: 'array',
      },
      responsible: {
        type: 'string',
        nullable: true,
      },
      start: {
        type: 'string',
        nullable: true,
      },
      status: {
        type: 'string',
      },
      timerId: {
        type: 'string',
      },
    },
    required: ['key', 'timerId', 'label', 'start', 'due', 'extendedDue', 'status', 'calendarStatus', 'overdue'],
    type: 'object',
  },
  EventField: {
    description: 'A payload field of an event type, as GET /procedure/events describes it (libs/procedure FieldSpec).',
    properties: {
      en: {
        type: 'string',
      },
      fields: {
        description: 'Fields of an object, or of each element of an array of objects.',
        items: {
          $ref: '#/components/schemas/EventField',
        },
        type: 'array',
      },
      items: {
        description: 'Element type of an array of scalars.',
        properties: {
          maxLength: {
            type: 'number',
          },
          min: {
            type: 'number',
          },
          type: {
            type: 'string',
          },
          values: {
            items: {
              type: 'string',
            },
            type: 'array',
          },
        },
        required: ['type'],
        type: 'object',
      },
      max: {
        type: 'number',
      },
      maxItems: {
        type: 'number',
      },
      maxLength: {
        type: 'number',
      },
      min: {
        type: 'number',
      },
      name: {
        type: 'string',
      },
      required: {
        type: 'boolean',
      },
      type: {
        type: 'string',
      },
      values: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      vi: {
        type: 'string',
      },
    },
    required: ['name', 'type', 'required', 'vi', 'en'],
    type: 'object',
  },
  EventType: {
    description: 'An event type with its acting body (§2 code, or SYSTEM), recording roles and payload fields.',
    properties: {
      body: {
        type: 'string',
      },
      en: {
        type: 'string',
      },
      fields: {
        items: {
          $ref: '#/components/schemas/EventField',
        },
        type: 'array',
      },
      roles: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      type: {
        type: 'string',
      },
      vi: {
        type: 'string',
      },
    },
    required: ['type', 'body', 'roles', 'vi', 'en', 'fields'],
    type: 'object',
  },
  Job: {
    additionalProperties: {},
    properties: {
      id: {
        type: 'string',
      },
      progress: {
        properties: {
          done: {
            type: 'number',
          },
          percent: {
            type: 'number',
            nullable: true,
          },
          total: {
            type: 'number',
          },
        },
        required: ['done', 'total', 'percent'],
        type: 'object',
      },
      result: {
        properties: {
          cases: {
            type: 'number',
          },
          closed: {
            type: 'number',
          },
          opened: {
            type: 'number',
          },
          reopened: {
            type: 'number',
          },
        },
        type: 'object',
        nullable: true,
      },
      status: {
        type: 'string',
      },
    },
    required: ['status'],
    type: 'object',
  },
  Me: {
    description: 'GET /auth/me',
    properties: {
      roles: {
        items: {
          type: 'string',
        },
        type: 'array',
      },
      scopes: {
        items: {
          $ref: '#/components/schemas/Scope',
        },
        type: 'array',
      },
      user: {
        properties: {
          id: {
            type: 'string',
          },
          personId: {
            type: 'string',
            nullable: true,
          },
          username: {
            type: 'string',
          },
        },
        required: ['id', 'username'],
        type: 'object',
      },
    },
    required: ['user', 'roles', 'scopes'],
    type: 'object',
  },
  NextDue: {
    properties: {
      due: {
        type: 'string',
        nullable: true,
      },
      key: {
        type: 'string',
      },
      label: {
        $ref: '#/components/schemas/Bilingual',
      },
      status: {
        type: 'string',
      },
      timerId: {
        type: 'string',
      },
    },
    required: ['key', 'timerId', 'due', 'status'],
    type: 'object',
  },
  Notification: {
    description: 'One inbox entry (GET /notifications).',
    properties: {
      body: {
        $ref: '#/components/schemas/Bilingual',
      },
      caseId: {
        type: 'string',
        nullable: true,
      },
      createdAt: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      kind: {
        type: 'string',
      },
      organisationId: {
        type: 'string',
        nullable: true,
      },
      readAt: {
        type: 'string',
        nullable: true,
      },
      title: {
        $ref: '#/components/schemas/Bilingual',
      },
    },
    required: ['id', 'kind', 'caseId', 'title', 'body', 'createdAt', 'readAt'],
    type: 'object',
  },
  OrgRef: {
    properties: {
      code: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
    },
    required: ['id', 'code', 'name'],
    type: 'object',
  },
  OrgName: {
    properties: {
      id: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
    },
    required: ['id', 'name'],
    type: 'object',
  },
  CaseSummaryPage: {
    properties: {
      items: {
        items: {
          $ref: '#/components/schemas/CaseSummary',
        },
        type: 'array',
      },
      nextCursor: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['items', 'nextCursor'],
    type: 'object',
  },
  NotificationPage: {
    properties: {
      items: {
        items: {
          $ref: '#/components/schemas/Notification',
        },
        type: 'array',
      },
      nextCursor: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['items', 'nextCursor'],
    type: 'object',
  },
  Period: {
    enum: ['month', 'quarter', 'half', 'year'],
    type: 'string',
  },
  PeriodFigures: {
    properties: {
      admissions: {
        $ref: '#/components/schemas/CategoryCounts',
      },
      from: {
        type: 'string',
      },
      key: {
        type: 'string',
      },
      recognitions: {
        properties: {
          counts: {
            $ref: '#/components/schemas/CategoryCounts',
          },
          effectiveBeforePeriod: {
            type: 'number',
          },
          late: {
            type: 'number',
          },
          onTime: {
            type: 'number',
          },
        },
        required: ['counts', 'late', 'onTime', 'effectiveBeforePeriod'],
        type: 'object',
      },
      removals: {
        properties: {
          late: {
            type: 'number',
          },
          onTime: {
            type: 'number',
          },
          total: {
            type: 'number',
          },
        },
        required: ['total', 'late', 'onTime'],
        type: 'object',
      },
      to: {
        type: 'string',
      },
    },
    required: ['key', 'from', 'to', 'admissions', 'recognitions', 'removals'],
    type: 'object',
  },
  Person: {
    description: 'A person (GET/POST /admin/people, orgs PersonView).',
    properties: {
      birthDate: {
        type: 'string',
      },
      citizenIdMasked: {
        type: 'string',
        nullable: true,
      },
      educationLevel: {
        type: 'string',
      },
      ethnicity: {
        type: 'string',
      },
      fullName: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      occupation: {
        type: 'string',
      },
      organisationId: {
        type: 'string',
      },
      religion: {
        type: 'string',
        nullable: true,
      },
      sex: {
        enum: ['male', 'female'],
        type: 'string',
      },
    },
    required: [
      'id',
      'organisationId',
      'fullName',
      'birthDate',
      'sex',
      'ethnicity',
      'religion',
      'occupation',
      'educationLevel',
      'citizenIdMasked',
    ],
    type: 'object',
  },
  PipelineReport: {
    description: 'GET /reports/pipeline',
    properties: {
      asOf: {
        type: 'string',
      },
      openCases: {
        type: 'number',
      },
      organisation: {
        $ref: '#/components/schemas/OrgRef',
      },
      stages: {
        items: {
          properties: {
            buckets: {
              properties: {
                over180: {
                  type: 'number',
                },
                upTo180: {
                  type: 'number',
                },
                upTo30: {
                  type: 'number',
                },
                upTo90: {
                  type: 'number',
                },
              },
              required: ['upTo30', 'upTo90', 'upTo180', 'over180'],
              type: 'object',
            },
            cases: {
              type: 'number',
            },
            overdue: {
              type: 'number',
            },
            stage: {
              type: 'string',
            },
            waitingDays: {
              properties: {
                average: {
                  type: 'number',
                },
                max: {
                  type: 'number',
                },
                median: {
                  type: 'number',
                },
              },
              required: ['average', 'median', 'max'],
              type: 'object',
            },
          },
          required: ['stage', 'cases', 'overdue', 'waitingDays', 'buckets'],
          type: 'object',
        },
        type: 'array',
      },
    },
    required: ['organisation', 'asOf', 'openCases', 'stages'],
    type: 'object',
  },
  Problem: {
    additionalProperties: {},
    properties: {
      case: {
        $ref: '#/components/schemas/CaseView',
      },
      code: {
        type: 'string',
      },
      currentVersion: {
        type: 'number',
      },
      detail: {
        type: 'string',
      },
      errors: {
        items: {
          properties: {
            field: {
              type: 'string',
            },
            messages: {
              items: {
                type: 'string',
              },
              type: 'array',
            },
          },
          required: ['field', 'messages'],
          type: 'object',
        },
        type: 'array',
      },
      rules: {
        items: {
          $ref: '#/components/schemas/RuleFailure',
        },
        type: 'array',
      },
      status: {
        type: 'number',
      },
      title: {
        type: 'string',
      },
      titleEn: {
        type: 'string',
      },
      type: {
        type: 'string',
      },
    },
    required: ['title', 'status'],
    type: 'object',
  },
  Requirement: {
    properties: {
      id: {
        type: 'string',
      },
      label: {
        $ref: '#/components/schemas/Bilingual',
      },
      rule: {
        $ref: '#/components/schemas/RuleFailure',
      },
      status: {
        enum: ['passed', 'missing', 'failed'],
        type: 'string',
      },
    },
    required: ['id', 'label', 'status'],
    type: 'object',
  },
  RuleFailure: {
    properties: {
      blocking: {
        type: 'boolean',
      },
      citation: {
        items: {
          anyOf: [
            {
              $ref: '#/components/schemas/Citation',
            },
            {
              type: 'string',
            },
          ],
        },
        type: 'array',
      },
      en: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      kind: {
        type: 'string',
      },
      reason: {
        anyOf: [
          {
            $ref: '#/components/schemas/Bilingual',
          },
          {
            type: 'string',
          },
        ],
      },
      vi: {
        type: 'string',
      },
    },
    required: ['id', 'vi', 'en'],
    type: 'object',
  },
  RuleInfo: {
    description: 'GET /procedure/rules',
    properties: {
      blocking: {
        type: 'boolean',
      },
      citations: {
        items: {
          properties: {
            family: {
              type: 'string',
            },
            instrument: {
              type: 'string',
            },
            section: {
              type: 'string',
            },
          },
          required: ['section'],
          type: 'object',
        },
        type: 'array',
      },
      en: {
        type: 'string',
      },
      id: {
        type: 'string',
      },
      kind: {
        type: 'string',
      },
      vi: {
        type: 'string',
      },
    },
    required: ['id', 'kind', 'blocking', 'vi', 'en', 'citations'],
    type: 'object',
  },
  Scope: {
    properties: {
      organisationCode: {
        type: 'string',
        nullable: true,
      },
      organisationId: {
        type: 'string',
        nullable: true,
      },
      organisationName: {
        type: 'string',
        nullable: true,
      },
      role: {
        type: 'string',
      },
      validFrom: {
        type: 'string',
      },
      validTo: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['role', 'organisationId'],
    type: 'object',
  },
  TargetProgress: {
    properties: {
      actual: {
        type: 'number',
      },
      category: {
        type: 'string',
      },
      percent: {
        type: 'number',
        nullable: true,
      },
      setAt: {
        type: 'string',
        nullable: true,
      },
      setBy: {
        type: 'string',
        nullable: true,
      },
      target: {
        type: 'number',
      },
    },
    required: ['category', 'target', 'actual', 'percent', 'setBy', 'setAt'],
    type: 'object',
  },
  TargetsReport: {
    description: 'GET /reports/targets',
    properties: {
      children: {
        items: {
          properties: {
            items: {
              items: {
                $ref: '#/components/schemas/TargetProgress',
              },
              type: 'array',
            },
            organisation: {
              $ref: '#/components/schemas/OrgRef',
            },
          },
          required: ['organisation', 'items'],
          type: 'object',
        },
        type: 'array',
      },
      items: {
        items: {
          $ref: '#/components/schemas/TargetProgress',
        },
        type: 'array',
      },
      organisation: {
        $ref: '#/components/schemas/OrgRef',
      },
      year: {
        type: 'number',
      },
    },
    required: ['organisation', 'year', 'items', 'children'],
    type: 'object',
  },
  TimelineEntry: {
    description: 'One entry of the case timeline; corrections (procedure.md §6.6) are listed next to the original.',
    properties: {
      actingBody: {
        type: 'string',
      },
      actorRole: {
        type: 'string',
        nullable: true,
      },
      correctedBySeq: {
        description: 'Set on an original that was corrected: the seq of its correction.',
        type: 'number',
        nullable: true,
      },
      correctionReason: {
        type: 'string',
        nullable: true,
      },
      correctsSeq: {
        description: 'Set on a correction: the seq of the act it corrects.',
        type: 'number',
        nullable: true,
      },
      eventDate: {
        type: 'string',
      },
      label: {
        $ref: '#/components/schemas/Bilingual',
      },
      recordedAt: {
        type: 'string',
      },
      recordedBy: {
        type: 'string',
      },
      recordedByName: {
        type: 'string',
      },
      seq: {
        type: 'number',
      },
      stateAfter: {
        type: 'string',
      },
      type: {
        type: 'string',
      },
    },
    required: ['seq', 'type', 'eventDate', 'recordedAt', 'recordedBy', 'stateAfter'],
    type: 'object',
  },
  Tokens: {
    additionalProperties: {},
    properties: {
      accessToken: {
        type: 'string',
      },
      refreshToken: {
        type: 'string',
      },
    },
    required: ['accessToken', 'refreshToken'],
    type: 'object',
  },
  Violation: {
    description: "A violation of a rule in the supervisors' list (GET /violations, libs/reports ViolationView).",
    properties: {
      actualDate: {
        type: 'string',
        nullable: true,
      },
      caseId: {
        type: 'string',
      },
      checkId: {
        type: 'string',
        nullable: true,
      },
      clearedByAudit: {
        type: 'boolean',
      },
      details: {
        additionalProperties: {},
        properties: {
          citation: {
            items: {
              anyOf: [
                {
                  $ref: '#/components/schemas/Citation',
                },
                {
                  type: 'string',
                },
              ],
            },
            type: 'array',
          },
          reason: {
            anyOf: [
              {
                $ref: '#/components/schemas/Bilingual',
              },
              {
                type: 'string',
              },
            ],
          },
          rule: {
            $ref: '#/components/schemas/Bilingual',
          },
        },
        type: 'object',
      },
      dueDate: {
        type: 'string',
        nullable: true,
      },
      explainedAt: {
        type: 'string',
        nullable: true,
      },
      explainedBy: {
        type: 'string',
        nullable: true,
      },
      explanation: {
        type: 'string',
        nullable: true,
      },
      id: {
        type: 'string',
      },
      openedAt: {
        type: 'string',
      },
      organisationId: {
        type: 'string',
        nullable: true,
      },
      organisationName: {
        type: 'string',
        nullable: true,
      },
      personName: {
        description: 'The candidate (libs/reports ViolationView.personName).',
        type: 'string',
        nullable: true,
      },
      resolution: {
        type: 'string',
        nullable: true,
      },
      resolvedAt: {
        type: 'string',
        nullable: true,
      },
      resolvedBy: {
        type: 'string',
        nullable: true,
      },
      responsible: {
        type: 'string',
        nullable: true,
      },
      ruleId: {
        type: 'string',
      },
      source: {
        enum: ['live', 'audit'],
        type: 'string',
      },
      status: {
        enum: ['open', 'explained', 'resolved'],
        type: 'string',
      },
      step: {
        type: 'string',
      },
    },
    required: [
      'id',
      'caseId',
      'organisationId',
      'organisationName',
      'ruleId',
      'step',
      'responsible',
      'dueDate',
      'actualDate',
      'status',
      'source',
      'checkId',
      'details',
      'explanation',
      'explainedBy',
      'explainedAt',
      'resolution',
      'resolvedBy',
      'resolvedAt',
      'clearedByAudit',
      'openedAt',
    ],
    type: 'object',
  },
  ViolationGroup: {
    properties: {
      explained: {
        type: 'number',
      },
      key: {
        type: 'string',
      },
      label: {
        type: 'string',
        nullable: true,
      },
      open: {
        type: 'number',
      },
      resolved: {
        type: 'number',
      },
      total: {
        type: 'number',
      },
    },
    required: ['key', 'label', 'total', 'open', 'explained', 'resolved'],
    type: 'object',
  },
  ViolationHistoryEntry: {
    properties: {
      action: {
        type: 'string',
      },
      actorUserId: {
        type: 'string',
        nullable: true,
      },
      at: {
        type: 'string',
      },
      fromStatus: {
        type: 'string',
        nullable: true,
      },
      text: {
        type: 'string',
        nullable: true,
      },
      toStatus: {
        type: 'string',
      },
    },
    required: ['action', 'fromStatus', 'toStatus', 'actorUserId', 'text', 'at'],
    type: 'object',
  },
  Health: {
    type: 'object',
    properties: {
      status: {
        type: 'string',
      },
    },
    required: ['status'],
  },
  Readiness: {
    type: 'object',
    properties: {
      status: {
        type: 'string',
      },
      checks: {
        type: 'object',
        properties: {
          database: {
            type: 'string',
          },
          migrations: {
            type: 'string',
          },
          redis: {
            type: 'string',
          },
        },
        required: ['database', 'migrations', 'redis'],
      },
    },
    required: ['status', 'checks'],
  },
  Organisation: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      code: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
      kind: {
        type: 'string',
      },
      parentId: {
        type: 'string',
        nullable: true,
      },
      validFrom: {
        type: 'string',
      },
      validTo: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['id', 'code', 'name', 'kind', 'parentId', 'validFrom', 'validTo'],
  },
  PredecessorList: {
    type: 'array',
    items: {
      $ref: '#/components/schemas/Organisation',
    },
  },
  Resolution: {
    type: 'object',
    properties: {
      organisation: {
        $ref: '#/components/schemas/Organisation',
      },
      competence: {
        $ref: '#/components/schemas/Competence',
      },
    },
    required: ['organisation', 'competence'],
  },
  Competence: {
    type: 'object',
    properties: {
      definedAt: {
        type: 'string',
      },
      validFrom: {
        type: 'string',
      },
      competentCommittee: {
        $ref: '#/components/schemas/Organisation',
      },
      body: {
        type: 'string',
      },
      delegated: {
        type: 'boolean',
      },
      supervisor: {
        $ref: '#/components/schemas/Organisation',
      },
    },
    required: ['definedAt', 'validFrom', 'competentCommittee', 'body', 'delegated', 'supervisor'],
  },
  OrganisationSettings: {
    type: 'object',
    properties: {
      youthAgeOfficialMonths: {
        type: 'integer',
      },
      tradeUnionPathPastYouth: {
        type: 'boolean',
      },
      reminderOffsets: {
        type: 'object',
        properties: {},
      },
      localDefaults: {
        type: 'object',
        properties: {
          helperReassignmentByResolution: {
            type: 'boolean',
          },
          awarenessCourseBefore18: {
            type: 'boolean',
          },
          onePersonPerDecision: {
            type: 'boolean',
          },
          helperAssessmentFromEveryHelper: {
            type: 'boolean',
          },
          statisticsHalfYearly: {
            type: 'boolean',
          },
        },
        required: [
          'helperReassignmentByResolution',
          'awarenessCourseBefore18',
          'onePersonPerDecision',
          'helperAssessmentFromEveryHelper',
          'statisticsHalfYearly',
        ],
      },
      timerTightenings: {
        type: 'array',
        items: {},
      },
    },
    required: ['youthAgeOfficialMonths', 'tradeUnionPathPastYouth', 'reminderOffsets', 'localDefaults', 'timerTightenings'],
  },
  OrganisationSettingsUpdated: {
    type: 'object',
    properties: {
      own: {
        type: 'object',
        properties: {
          tradeUnionPathPastYouth: {
            type: 'boolean',
          },
        },
        required: ['tradeUnionPathPastYouth'],
      },
      effective: {
        $ref: '#/components/schemas/OrganisationSettings',
      },
    },
    required: ['own', 'effective'],
  },
  MemberList: {
    type: 'array',
    items: {
      $ref: '#/components/schemas/Membership',
    },
  },
  CommitteeVoteBasis: {
    type: 'object',
    description: 'Mẫu số biểu quyết của cấp ủy theo danh sách cấp ủy viên ngày họp; null khi chưa ghi danh sách / the committee roster figure (null: membership not recorded)',
    properties: {
      basis: {
        nullable: true,
        type: 'object',
        required: ['body', 'committeeId', 'meetingDate', 'eligible', 'members', 'sitting', 'delegated'],
        properties: {
          body: { type: 'string', enum: ['BASE', 'COMPETENT'] },
          committeeId: { type: 'string', format: 'uuid' },
          meetingDate: { type: 'string', format: 'date' },
          eligible: { type: 'integer', minimum: 0 },
          members: { type: 'integer', minimum: 0 },
          sitting: { type: 'integer', minimum: 0 },
          delegated: { type: 'boolean' },
        },
      },
    },
    required: ['basis'],
  },
  CellVoteBasis: {
    type: 'object',
    properties: {
      cellId: {
        type: 'string',
      },
      meetingDate: {
        type: 'string',
      },
      roll: {
        type: 'integer',
      },
      eligible: {
        type: 'integer',
      },
      rollBelowMinimum: {
        type: 'boolean',
      },
      excluded: {
        type: 'object',
        properties: {
          temporarilyElsewhere: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          exemptedAbsent: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          suspended: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          prosecutedOrDetained: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['temporarilyElsewhere', 'exemptedAbsent', 'suspended', 'prosecutedOrDetained'],
      },
      eligibleIds: {
        type: 'array',
        items: {
          type: 'string',
        },
      },
    },
    required: ['cellId', 'meetingDate', 'roll', 'eligible', 'rollBelowMinimum', 'excluded', 'eligibleIds'],
  },
  Hamlet: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      code: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
      areaOrganisationId: {
        type: 'string',
      },
      cellId: {
        type: 'string',
        nullable: true,
      },
      validFrom: {
        type: 'string',
      },
      validTo: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['id', 'code', 'name', 'areaOrganisationId', 'cellId', 'validFrom', 'validTo'],
  },
  Membership: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      personId: {
        type: 'string',
      },
      fullName: {
        type: 'string',
      },
      bodyId: {
        type: 'string',
      },
      role: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
      validFrom: {
        type: 'string',
      },
      validTo: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['id', 'personId', 'fullName', 'bodyId', 'role', 'status', 'validFrom', 'validTo'],
  },
  CreatedUser: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      username: {
        type: 'string',
      },
      personId: {
        type: 'string',
        nullable: true,
      },
      disabled: {
        type: 'boolean',
      },
      grants: {
        type: 'array',
        items: {},
      },
    },
    required: ['id', 'username', 'personId', 'disabled', 'grants'],
  },
  User: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      username: {
        type: 'string',
      },
      personId: {
        type: 'string',
        nullable: true,
      },
      disabled: {
        type: 'boolean',
      },
      grants: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/RoleGrant',
        },
      },
    },
    required: ['id', 'username', 'personId', 'disabled', 'grants'],
  },
  RoleGrant: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      role: {
        type: 'string',
      },
      organisationId: {
        type: 'string',
        nullable: true,
      },
      validFrom: {
        type: 'string',
      },
      validTo: {
        type: 'string',
        nullable: true,
      },
    },
    required: ['id', 'role', 'organisationId', 'validFrom', 'validTo'],
  },
  CaseProjection: {
    type: 'object',
    properties: {
      caseId: {
        type: 'string',
      },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            date: {
              type: 'string',
            },
            kind: {
              type: 'string',
            },
            key: {
              type: 'string',
            },
            timerId: {
              type: 'string',
            },
            label: {
              $ref: '#/components/schemas/Bilingual',
            },
            calendarStatus: {
              type: 'string',
            },
          },
          required: ['date', 'kind', 'key', 'timerId', 'label', 'calendarStatus'],
        },
      },
    },
    required: ['caseId', 'items'],
  },
  RuleList: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        id: {
          type: 'string',
        },
        kind: {
          type: 'string',
        },
        blocking: {
          type: 'boolean',
        },
        vi: {
          type: 'string',
        },
        en: {
          type: 'string',
        },
        citations: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              family: {
                type: 'string',
              },
              section: {
                type: 'string',
              },
              fixed: {
                type: 'string',
              },
            },
            required: ['section'],
          },
        },
      },
      required: ['id', 'kind', 'blocking', 'vi', 'en', 'citations'],
    },
  },
  ProcedureDiagram: {
    type: 'object',
    properties: {
      mermaid: {
        type: 'string',
      },
    },
    required: ['mermaid'],
  },
  Calendar: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        year: {
          type: 'integer',
        },
        status: {
          type: 'string',
        },
        daysOff: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/CalendarDay',
          },
        },
        makeUpWorkingDays: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/CalendarDay',
          },
        },
        sources: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
        notes: {
          type: 'string',
        },
      },
      required: ['year', 'status', 'daysOff', 'makeUpWorkingDays', 'sources', 'notes'],
    },
  },
  CalendarDay: {
    type: 'object',
    properties: {
      date: {
        type: 'string',
      },
      name: {
        type: 'string',
      },
    },
    required: ['date', 'name'],
  },
  CalendarYearSaved: {
    type: 'object',
    properties: {
      recomputed: {
        type: 'integer',
      },
      changed: {
        type: 'integer',
      },
    },
    required: ['recomputed', 'changed'],
  },
  Clock: {
    type: 'object',
    properties: {
      now: {
        type: 'string',
      },
      settable: {
        type: 'boolean',
      },
    },
    required: ['now', 'settable'],
  },
  ClockSet: {
    type: 'object',
    properties: {
      now: {
        type: 'string',
      },
    },
    required: ['now'],
  },
  TodoList: {
    type: 'object',
    properties: {
      today: {
        type: 'string',
      },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            caseId: {
              type: 'string',
            },
            caseVersion: {
              type: 'integer',
            },
            stage: {
              type: 'string',
            },
            state: {
              type: 'string',
            },
            person: {
              type: 'object',
              properties: {
                id: {
                  type: 'string',
                },
                fullName: {
                  type: 'string',
                },
                occupation: {
                  type: 'string',
                  nullable: true,
                },
              },
              required: ['id', 'fullName', 'occupation'],
            },
            organisation: {
              $ref: '#/components/schemas/OrgName',
            },
            deadline: {
              type: 'object',
              properties: {
                key: {
                  type: 'string',
                },
                timerId: {
                  type: 'string',
                },
                label: {
                  $ref: '#/components/schemas/Bilingual',
                },
                responsible: {
                  type: 'string',
                  nullable: true,
                },
                start: {
                  type: 'string',
                },
                due: {
                  type: 'string',
                  nullable: true,
                },
                extendedTo: {
                  type: 'string',
                  nullable: true,
                },
                limit: {
                  description: 'The limit in force: the extension granted, else the due date.',
                  type: 'string',
                  nullable: true,
                },
                calendarStatus: {
                  type: 'string',
                },
              },
              required: ['key', 'timerId', 'label', 'responsible', 'start', 'due', 'extendedTo', 'limit', 'calendarStatus'],
            },
            overdue: {
              type: 'boolean',
            },
            countdown: {
              allOf: [
                {
                  $ref: '#/components/schemas/Countdown',
                },
              ],
              nullable: true,
            },
          },
          required: ['caseId', 'caseVersion', 'stage', 'state', 'person', 'organisation', 'deadline', 'overdue', 'countdown'],
        },
      },
      truncated: {
        type: 'boolean',
      },
    },
    required: ['today', 'items', 'truncated'],
  },
  AuditVerification: {
    type: 'object',
    properties: {
      ok: {
        type: 'boolean',
      },
      chainsChecked: {
        type: 'integer',
      },
      rowsChecked: {
        type: 'integer',
      },
      anchorsChecked: {
        type: 'integer',
      },
      latestAnchor: {
        nullable: true,
      },
      firstProblem: {
        nullable: true,
      },
      problems: {
        type: 'array',
        items: {},
      },
    },
    required: ['ok', 'chainsChecked', 'rowsChecked', 'anchorsChecked', 'latestAnchor', 'firstProblem', 'problems'],
  },
  UnreadCount: {
    type: 'object',
    properties: {
      count: {
        type: 'integer',
      },
    },
    required: ['count'],
  },
  MarkedRead: {
    type: 'object',
    properties: {
      marked: {
        type: 'integer',
      },
    },
    required: ['marked'],
  },
  NotificationPreferences: {
    type: 'object',
    properties: {
      email: {
        nullable: true,
      },
      emailMode: {
        type: 'string',
      },
    },
    required: ['email', 'emailMode'],
  },
  NotificationRead: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      readAt: {
        type: 'string',
      },
    },
    required: ['id', 'readAt'],
  },
  DeliveryList: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: {},
      },
      nextCursor: {
        nullable: true,
      },
    },
    required: ['items', 'nextCursor'],
  },
  Delivery: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      notificationId: {
        type: 'string',
        nullable: true,
      },
      userId: {
        type: 'string',
        nullable: true,
      },
      digestDate: {
        type: 'string',
        nullable: true,
      },
      channel: {
        type: 'string',
      },
      target: {
        type: 'string',
      },
      idempotencyKey: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
      attempts: {
        type: 'integer',
      },
      nextAttemptAt: {
        type: 'string',
      },
      lastError: {
        nullable: true,
      },
      sentAt: {
        type: 'string',
        nullable: true,
      },
      createdAt: {
        type: 'string',
      },
      updatedAt: {
        type: 'string',
      },
      summary: {
        $ref: '#/components/schemas/Bilingual',
      },
    },
    required: [
      'id',
      'notificationId',
      'userId',
      'digestDate',
      'channel',
      'target',
      'idempotencyKey',
      'status',
      'attempts',
      'nextAttemptAt',
      'lastError',
      'sentAt',
      'createdAt',
      'updatedAt',
      'summary',
    ],
  },
  CreatedWebhookEndpoint: {
    allOf: [
      {
        $ref: '#/components/schemas/WebhookEndpoint',
      },
      {
        type: 'object',
        properties: {
          secret: {
            type: 'string',
          },
        },
        required: ['secret'],
      },
    ],
  },
  WebhookEndpoint: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      organisationId: {
        type: 'string',
      },
      url: {
        type: 'string',
      },
      kinds: {
        nullable: true,
      },
      active: {
        type: 'boolean',
      },
      createdAt: {
        type: 'string',
      },
      updatedAt: {
        type: 'string',
      },
    },
    required: ['id', 'organisationId', 'url', 'kinds', 'active', 'createdAt', 'updatedAt'],
  },
  JobAccepted: {
    type: 'object',
    properties: {
      jobId: {
        type: 'string',
      },
    },
    required: ['jobId'],
  },
  TargetsSaved: {
    type: 'object',
    properties: {
      organisationId: {
        type: 'string',
      },
      year: {
        type: 'integer',
      },
      targets: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            category: {
              type: 'string',
            },
            target: {
              type: 'integer',
            },
          },
          required: ['category', 'target'],
        },
      },
    },
    required: ['organisationId', 'year', 'targets'],
  },
  ImportAccepted: {
    type: 'object',
    properties: {
      jobId: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
    },
    required: ['jobId', 'status'],
  },
  ImportJob: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      kind: {
        type: 'string',
      },
      status: {
        type: 'string',
      },
      fileName: {
        type: 'string',
        nullable: true,
      },
      requestedBy: {
        type: 'string',
      },
      progress: {
        type: 'object',
        properties: {
          done: {
            type: 'integer',
          },
          total: {
            nullable: true,
          },
          percent: {
            nullable: true,
          },
        },
        required: ['done', 'total', 'percent'],
      },
      counts: {
        type: 'object',
        properties: {},
      },
      report: {
        nullable: true,
      },
      error: {
        nullable: true,
      },
      createdAt: {
        type: 'string',
      },
      startedAt: {
        type: 'string',
        nullable: true,
      },
      finishedAt: {
        type: 'string',
        nullable: true,
      },
    },
    required: [
      'id',
      'kind',
      'status',
      'fileName',
      'requestedBy',
      'progress',
      'counts',
      'report',
      'error',
      'createdAt',
      'startedAt',
      'finishedAt',
    ],
  },
  FormList: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        code: {
          type: 'string',
        },
        title: {
          $ref: '#/components/schemas/Bilingual',
        },
        step: {
          type: 'string',
        },
        issuer: {
          type: 'string',
        },
        ready: {
          type: 'boolean',
        },
        missing: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/Bilingual',
          },
        },
        signedCopy: {
          type: 'string',
        },
      },
      required: ['code', 'title', 'step', 'issuer', 'ready', 'missing', 'signedCopy'],
    },
  },
  CaseDocument: {
    type: 'object',
    properties: {
      id: {
        type: 'string',
      },
      formCode: {
        type: 'string',
      },
      title: {
        $ref: '#/components/schemas/Bilingual',
      },
      step: {
        type: 'string',
      },
      currentVersion: {
        type: 'integer',
      },
      versions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            version: {
              type: 'integer',
            },
            fileName: {
              type: 'string',
            },
            mimeType: {
              type: 'string',
            },
            sizeBytes: {
              type: 'integer',
            },
            sha256: {
              type: 'string',
            },
            reason: {
              nullable: true,
            },
            uploadedBy: {
              type: 'string',
            },
            uploadedAt: {
              type: 'string',
            },
          },
          required: ['version', 'fileName', 'mimeType', 'sizeBytes', 'sha256', 'reason', 'uploadedBy', 'uploadedAt'],
        },
      },
    },
    required: ['id', 'formCode', 'title', 'step', 'currentVersion', 'versions'],
  },
  SubtreeEntry: {
    allOf: [
      {
        $ref: '#/components/schemas/Organisation',
      },
      {
        type: 'object',
        properties: {
          depth: {
            type: 'integer',
          },
        },
        required: ['depth'],
      },
    ],
  },
} satisfies Record<string, SchemaObject>;

/** "method path" → the success status and its body. Routes that answer 204, a redirect or a file are declared by their decorators. */
export const ROUTE_RESPONSES: Record<string, { status: number; schema: SchemaObject; mediaTypes?: string[] }> = {
  'post /api/v1/cases/{id}/deadlines/{key}/extend': {
    status: 200,
    schema: { type: 'object', required: ['extendedTo'], properties: { extendedTo: { type: 'string', format: 'date' } } },
  },
  'get /api/v1/cases/{id}/forms/{code}': {
    status: 200,
    schema: { type: 'string', format: 'binary' },
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf'],
  },
  'get /api/v1/cases/{id}/dossier': {
    status: 200,
    schema: { type: 'string', format: 'binary' },
    mediaTypes: ['application/zip'],
  },
  'get /api/v1/cases/{id}/documents/{documentId}/content': {
    status: 200,
    schema: { type: 'string', format: 'binary' },
    mediaTypes: ['application/octet-stream'],
  },
  'get /health': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Health',
    },
  },
  'get /health/ready': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Readiness',
    },
  },
  'post /api/v1/admin/organisations': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/Organisation',
    },
  },
  'get /api/v1/admin/organisations': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/Organisation',
      },
    },
  },
  'get /api/v1/admin/organisations/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Organisation',
    },
  },
  'get /api/v1/admin/organisations/{id}/subtree': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/SubtreeEntry',
      },
    },
  },
  'get /api/v1/admin/organisations/{id}/predecessors': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/PredecessorList',
    },
  },
  'get /api/v1/admin/organisations/{id}/resolution': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Resolution',
    },
  },
  'put /api/v1/admin/organisations/{id}/competence': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Competence',
    },
  },
  'get /api/v1/admin/organisations/{id}/settings': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/OrganisationSettings',
    },
  },
  'put /api/v1/admin/organisations/{id}/settings': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/OrganisationSettingsUpdated',
    },
  },
  'get /api/v1/admin/organisations/{id}/members': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/MemberList',
    },
  },
  'get /api/v1/admin/organisations/{id}/cell-vote-basis': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CellVoteBasis',
    },
  },
  'get /api/v1/admin/organisations/{id}/hamlets': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/Hamlet',
      },
    },
  },
  'post /api/v1/admin/organisations/{id}/hamlets': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/Hamlet',
    },
  },
  'post /api/v1/admin/people': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/Person',
    },
  },
  'get /api/v1/admin/people': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/Person',
      },
    },
  },
  'get /api/v1/admin/people/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Person',
    },
  },
  'get /api/v1/admin/people/{id}/memberships': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/Membership',
      },
    },
  },
  'post /api/v1/admin/memberships': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/Membership',
    },
  },
  'post /api/v1/admin/memberships/{id}/end': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/Membership',
    },
  },
  'post /api/v1/admin/users': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/CreatedUser',
    },
  },
  'get /api/v1/admin/users': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/User',
      },
    },
  },
  'get /api/v1/admin/users/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/User',
    },
  },
  'post /api/v1/admin/users/{id}/disable': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/User',
    },
  },
  'post /api/v1/admin/users/{id}/enable': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/User',
    },
  },
  'post /api/v1/admin/users/{id}/grants': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/RoleGrant',
    },
  },
  'post /api/v1/admin/users/grants/{grantId}/end': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/RoleGrant',
    },
  },
  'get /api/v1/cases': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CaseSummaryPage',
    },
  },
  'post /api/v1/cases': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/CaseView',
    },
  },
  'get /api/v1/cases/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CaseView',
    },
  },
  'get /api/v1/cases/{id}/committee-vote-basis': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CommitteeVoteBasis',
    },
  },
  'get /api/v1/cases/{id}/events': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/CaseEventEntry',
      },
    },
  },
  'post /api/v1/cases/{id}/events': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CaseCommandResult',
    },
  },
  'get /api/v1/cases/{id}/projection': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CaseProjection',
    },
  },
  'post /api/v1/cases/{id}/events/{seq}/corrections': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CaseView',
    },
  },
  'get /api/v1/procedure/events': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/EventType',
      },
    },
  },
  'get /api/v1/procedure/rules': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/RuleList',
    },
  },
  'get /api/v1/procedure/diagram': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/ProcedureDiagram',
    },
  },
  'get /api/v1/calendar': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Calendar',
    },
  },
  'put /api/v1/admin/calendar/{year}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CalendarYearSaved',
    },
  },
  'get /api/v1/admin/clock': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Clock',
    },
  },
  'post /api/v1/admin/clock': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/ClockSet',
    },
  },
  'get /api/v1/todo': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/TodoList',
    },
  },
  'get /api/v1/audit': {
    status: 200,
    schema: {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: {
          type: 'array',
          items: {
            $ref: '#/components/schemas/AuditRecord',
          },
        },
        nextCursor: {
          type: 'string',
          nullable: true,
        },
      },
    },
  },
  'get /api/v1/audit/verify': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/AuditVerification',
    },
  },
  'get /api/v1/notifications': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/NotificationPage',
    },
  },
  'get /api/v1/notifications/unread-count': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/UnreadCount',
    },
  },
  'post /api/v1/notifications/read-all': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/MarkedRead',
    },
  },
  'get /api/v1/notifications/preferences': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/NotificationPreferences',
    },
  },
  'put /api/v1/notifications/preferences': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/NotificationPreferences',
    },
  },
  'post /api/v1/notifications/{id}/read': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/NotificationRead',
    },
  },
  'get /api/v1/admin/deliveries': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/DeliveryList',
    },
  },
  'post /api/v1/admin/deliveries/{id}/retry': {
    status: 202,
    schema: {
      $ref: '#/components/schemas/Delivery',
    },
  },
  'get /api/v1/admin/webhook-endpoints': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/WebhookEndpoint',
      },
    },
  },
  'post /api/v1/admin/webhook-endpoints': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/CreatedWebhookEndpoint',
    },
  },
  'patch /api/v1/admin/webhook-endpoints/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/WebhookEndpoint',
    },
  },
  'get /api/v1/violations': {
    status: 200,
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/Violation',
              },
            },
          },
        },
        {
          type: 'object',
          required: ['groupBy', 'groups'],
          properties: {
            groupBy: {
              type: 'string',
            },
            groups: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/ViolationGroup',
              },
            },
          },
        },
      ],
    },
  },
  'get /api/v1/violations/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Violation',
    },
  },
  'get /api/v1/violations/{id}/history': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/ViolationHistoryEntry',
      },
    },
  },
  'post /api/v1/violations/{id}/explain': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Violation',
    },
  },
  'post /api/v1/violations/{id}/resolve': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Violation',
    },
  },
  'get /api/v1/compliance/checks': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/ComplianceCheck',
      },
    },
  },
  'post /api/v1/compliance/reaudit': {
    status: 202,
    schema: {
      $ref: '#/components/schemas/JobAccepted',
    },
  },
  'get /api/v1/jobs/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/Job',
    },
  },
  'get /api/v1/reports/admissions': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/AdmissionsReport',
    },
  },
  'get /api/v1/reports/targets': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/TargetsReport',
    },
  },
  'put /api/v1/targets': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/TargetsSaved',
    },
  },
  'get /api/v1/reports/coverage': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/CoverageReport',
    },
  },
  'get /api/v1/reports/pipeline': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/PipelineReport',
    },
  },
  'post /api/v1/admin/imports': {
    status: 202,
    schema: {
      $ref: '#/components/schemas/ImportAccepted',
    },
  },
  'get /api/v1/admin/imports/{id}': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/ImportJob',
    },
  },
  'get /api/v1/cases/{id}/forms': {
    status: 200,
    schema: {
      $ref: '#/components/schemas/FormList',
    },
  },
  'get /api/v1/cases/{id}/documents': {
    status: 200,
    schema: {
      type: 'array',
      items: {
        $ref: '#/components/schemas/CaseDocument',
      },
    },
  },
  'post /api/v1/cases/{id}/documents': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/CaseDocument',
    },
  },
  'post /api/v1/cases/{id}/documents/{documentId}/versions': {
    status: 201,
    schema: {
      $ref: '#/components/schemas/CaseDocument',
    },
  },
};
