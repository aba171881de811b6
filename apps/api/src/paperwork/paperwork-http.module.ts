import { Module } from '@nestjs/common';
import { PaperworkModule } from '#paperwork';
import { PaperworkController } from './paperwork.controller.js';

@Module({
  imports: [PaperworkModule],
  controllers: [PaperworkController],
})
export class PaperworkHttpModule {}
