/** Every collection of the product. Each domain declares its own in ./<domain>.ts. */
import type { CollectionDecl } from '../collection-decl';
import { schoolCollections } from './school';
import { courseCollections } from './course';
import { attendanceCollections } from './attendance';
import { platformCollections } from './platform';
import { receptionCollections } from './reception';
import { certificateCollections } from './certificate';
import { noticeCollections } from './notice';
import { contactCollections } from './contact';
import { authCollections } from './auth';
import { oversightCollections } from './oversight';
import { exportCollections } from './export';

export const COLLECTIONS: CollectionDecl[] = [
  ...platformCollections,
  ...schoolCollections,
  ...courseCollections,
  ...attendanceCollections,
  ...receptionCollections,
  ...certificateCollections,
  ...noticeCollections,
  ...contactCollections,
  ...authCollections,
  ...oversightCollections,
  ...exportCollections,
];
