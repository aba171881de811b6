import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_SCHEMAS, RULES } from '#procedure';
import { PROCEDURE_DIAGRAM } from '#cases';

@ApiTags('procedure')
@ApiBearerAuth()
@Controller('procedure')
export class ProcedureController {
  @Get('events')
  @ApiOperation({ summary: 'Mọi sự kiện của quy trình với các trường dữ liệu / every event with its payload fields' })
  events() {
    return Object.values(EVENT_SCHEMAS);
  }

  @Get('rules')
  @ApiOperation({ summary: 'Mọi quy định với căn cứ / every rule with its citation' })
  rules() {
    return RULES.map((r) => ({ id: r.id, kind: r.kind, blocking: r.blocking, vi: r.vi, en: r.en, citations: r.citations }));
  }

  @Get('diagram')
  @ApiOperation({ summary: 'Sơ đồ trạng thái (Mermaid) / the state diagram (Mermaid)' })
  diagram() {
    return { mermaid: PROCEDURE_DIAGRAM() };
  }
}
