/**
 * Per-organisation settings (procedure.md I-7): local defaults switched on or off and limits an
 * organisation may tighten. A value that would loosen a central rule is refused, never clamped.
 */
export interface OrgSettings {
  localDefaults: {
    /** Step 3: the awareness course may be taken before 18 by someone already on the sympathiser list. */
    awarenessCourseBeforeEighteen: boolean;
    /** Step 18: a helper's assessment from every helper the member had. */
    assessmentFromEveryHelper: boolean;
    /** I-3: a Youth Union official stays of youth age up to `youthUnionOfficialYouthAgeMonths`. */
    youthUnionOfficialAge: boolean;
  };
  /** I-9: UNION plus one full member for candidates past youth age where there is no Youth Union. */
  tradeUnionPathPastYouthAge: boolean;
  limits: {
    minimumAgeMonths: number;
    awarenessCertificateMonths: number;
    dossierFreshnessMonths: number;
    introducerAlongsideMonths: number;
    youthUnionOfficialYouthAgeMonths: number;
  };
  /** Extra documents a province requires in the admission dossier (codes). */
  extraRequiredDocuments: string[];
}

/** The central values: each limit below may only move in the stricter direction. */
export const CENTRAL_LIMITS = {
  minimumAgeMonths: { value: 216, stricter: 'higher' },
  awarenessCertificateMonths: { value: 60, stricter: 'lower' },
  dossierFreshnessMonths: { value: 12, stricter: 'lower' },
  introducerAlongsideMonths: { value: 12, stricter: 'higher' },
  /** Local default itself (I-3): 360 (past youth age) to 420; the default is the local value. */
  youthUnionOfficialYouthAgeMonths: { value: 420, stricter: 'lower' },
} as const satisfies Record<keyof OrgSettings['limits'], { value: number; stricter: 'higher' | 'lower' }>;

export const YOUTH_AGE_MONTHS = 360;
export const OVER_SIXTY_MONTHS = 720;

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  localDefaults: { awarenessCourseBeforeEighteen: true, assessmentFromEveryHelper: true, youthUnionOfficialAge: true },
  tradeUnionPathPastYouthAge: false,
  limits: {
    minimumAgeMonths: CENTRAL_LIMITS.minimumAgeMonths.value,
    awarenessCertificateMonths: CENTRAL_LIMITS.awarenessCertificateMonths.value,
    dossierFreshnessMonths: CENTRAL_LIMITS.dossierFreshnessMonths.value,
    introducerAlongsideMonths: CENTRAL_LIMITS.introducerAlongsideMonths.value,
    youthUnionOfficialYouthAgeMonths: CENTRAL_LIMITS.youthUnionOfficialYouthAgeMonths.value,
  },
  extraRequiredDocuments: [],
};

export type OrgSettingsErrorCode = 'SETTINGS.LOOSENS_CENTRAL_RULE' | 'SETTINGS.INVALID';

export class OrgSettingsError extends Error {
  constructor(
    readonly code: OrgSettingsErrorCode,
    readonly setting: string,
    readonly value: unknown,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
  }
}

export interface OrgSettingsInput {
  localDefaults?: Partial<OrgSettings['localDefaults']>;
  tradeUnionPathPastYouthAge?: boolean;
  limits?: Partial<OrgSettings['limits']>;
  extraRequiredDocuments?: string[];
}

/** Merges overrides onto the defaults; throws OrgSettingsError for a loosening or malformed value. */
export function validateOrgSettings(input: OrgSettingsInput = {}): OrgSettings {
  const settings: OrgSettings = {
    localDefaults: { ...DEFAULT_ORG_SETTINGS.localDefaults },
    tradeUnionPathPastYouthAge: DEFAULT_ORG_SETTINGS.tradeUnionPathPastYouthAge,
    limits: { ...DEFAULT_ORG_SETTINGS.limits },
    extraRequiredDocuments: [...DEFAULT_ORG_SETTINGS.extraRequiredDocuments],
  };
  for (const [key, value] of Object.entries(input.localDefaults ?? {})) {
    if (!(key in settings.localDefaults)) invalid(`localDefaults.${key}`, value, 'không có cài đặt này', 'unknown setting');
    if (typeof value !== 'boolean') invalid(`localDefaults.${key}`, value, 'phải là true/false', 'must be a boolean');
    settings.localDefaults[key as keyof OrgSettings['localDefaults']] = value;
  }
  if (input.tradeUnionPathPastYouthAge !== undefined) {
    if (typeof input.tradeUnionPathPastYouthAge !== 'boolean')
      invalid('tradeUnionPathPastYouthAge', input.tradeUnionPathPastYouthAge, 'phải là true/false', 'must be a boolean');
    settings.tradeUnionPathPastYouthAge = input.tradeUnionPathPastYouthAge;
  }
  for (const [key, value] of Object.entries(input.limits ?? {})) {
    const central = (CENTRAL_LIMITS as Record<string, { value: number; stricter: 'higher' | 'lower' }>)[key];
    if (!central) invalid(`limits.${key}`, value, 'không có giới hạn này', 'unknown limit');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      invalid(`limits.${key}`, value, 'phải là số nguyên dương', 'must be a positive integer');
    const loosens = central.stricter === 'higher' ? value < central.value : value > central.value;
    if (loosens) {
      throw new OrgSettingsError(
        'SETTINGS.LOOSENS_CENTRAL_RULE',
        `limits.${key}`,
        value,
        `Quy định địa phương chỉ được chặt hơn quy định chung: ${key} = ${value} nới lỏng mức ${central.value}`,
        `A local rule may only tighten the central rule: ${key} = ${value} loosens ${central.value}`,
      );
    }
    if (key === 'youthUnionOfficialYouthAgeMonths' && value < YOUTH_AGE_MONTHS)
      invalid(`limits.${key}`, value, `không được dưới ${YOUTH_AGE_MONTHS} tháng`, `cannot be below ${YOUTH_AGE_MONTHS} months`);
    settings.limits[key as keyof OrgSettings['limits']] = value;
  }
  if (input.extraRequiredDocuments !== undefined) {
    if (!Array.isArray(input.extraRequiredDocuments) || input.extraRequiredDocuments.some((d) => typeof d !== 'string' || d.length === 0))
      invalid('extraRequiredDocuments', input.extraRequiredDocuments, 'phải là danh sách mã tài liệu', 'must be a list of document codes');
    settings.extraRequiredDocuments = [...new Set(input.extraRequiredDocuments)];
  }
  return settings;
}

function invalid(setting: string, value: unknown, vi: string, en: string): never {
  throw new OrgSettingsError('SETTINGS.INVALID', setting, value, `Cài đặt ${setting}: ${vi}`, `Setting ${setting}: ${en}`);
}
