/** Job id of one delivery attempt: enqueueing the same attempt twice keeps one job. No ':' (BullMQ refuses it). */
export function deliverJobId(deliveryId: string, attempts: number, suffix = ''): string {
  return `deliver.${deliveryId}.${attempts}${suffix ? `.${suffix}` : ''}`;
}
