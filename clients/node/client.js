// Calls one read RPC of every cityscore service from a Node program that loads protos/ at run
// time (@grpc/proto-loader, no generated code), and prints one JSON object per call on standard
// output. It is the example other systems can start from, and CI runs it against a real server
// (tests/contract/test_stock_clients.py).
//
//   node client.js --target 127.0.0.1:50051 --token "$CITYSCORE_TOKEN" [--protos ../../protos]
'use strict';

const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: '127.0.0.1:50051' },
    token: { type: 'string', default: process.env.CITYSCORE_TOKEN || '' },
    protos: { type: 'string', default: path.join(__dirname, '..', '..', 'protos') },
  },
});

const FILES = [
  'cityscore/common/v1/common.proto',
  'cityscore/wage_assessment/v1/wage_assessment_service.proto',
  'cityscore/blood_quota/v1/blood_quota_service.proto',
  'cityscore/rural_roads/v1/rural_roads_service.proto',
  'cityscore/lpg_registry/v1/lpg_registry_service.proto',
  'cityscore/special_equipment/v1/special_equipment_service.proto',
];

// Field names as in the .proto (snake_case), enums as their names, 64-bit integers as strings:
// what a caller reading docs/api/ expects.
const definition = protoLoader.loadSync(FILES, {
  includeDirs: [args.protos], keepCase: true, enums: String, longs: String, defaults: true,
});
const api = grpc.loadPackageDefinition(definition).cityscore;

// A plaintext channel, as to a loopback development server; grpc.credentials.createSsl(ca)
// against production.
const credentials = grpc.credentials.createInsecure();
function stub(Service) {
  return new Service(args.target, credentials);
}

function metadata() {
  const md = new grpc.Metadata();
  if (args.token) md.set('authorization', `Bearer ${args.token}`);
  return md;
}

// One call: its gRPC status code and what the caller read from the answer.
function call(client, method, request, read) {
  const rpc = `${client.constructor.service[method].path.slice(1)}`;
  return new Promise((resolve) => {
    client[method](request, metadata(), { deadline: Date.now() + 60000 }, (error, response) => {
      const line = { rpc, code: error ? grpc.status[error.code] : 'OK' };
      if (error) line.message = error.details;
      else Object.assign(line, read(response));
      console.log(JSON.stringify(line));
      resolve();
    });
  });
}

async function main() {
  const reference = stub(api.common.v1.ReferenceService);
  await call(reference, 'ListDistricts', {}, (r) => ({ codes: r.districts.map((d) => d.code) }));
  await call(reference, 'WhoAmI', {}, (r) => ({ name: r.principal.name, role: r.principal.role }));

  const wage = stub(api.wage_assessment.v1.WageAssessmentService);
  await call(wage, 'ListGradeRules', {}, (r) => ({ titles: r.rules.map((rule) => rule.title) }));

  const blood = stub(api.blood_quota.v1.BloodQuotaService);
  await call(blood, 'ListAllocations', { year: 2018 }, (r) => ({ count: r.allocations.length }));

  const roads = stub(api.rural_roads.v1.RuralRoadsService);
  await call(roads, 'ListTowns',
    { district: 'pudong', page_size: 50, as_of: { year: 2019, month: 3, day: 1 } },
    (r) => ({ count: r.towns.length, next_page_token: r.next_page_token }));

  const lpg = stub(api.lpg_registry.v1.LpgRegistryService);
  await call(lpg, 'GetSafetyCatalogue', {},
    (r) => ({ count: r.items.length, sources: r.items.map((item) => item.source) }));

  const equipment = stub(api.special_equipment.v1.SpecialEquipmentService);
  await call(equipment, 'ListAnnexTasks', {}, (r) => ({
    count: r.tasks.length,
    deadlines: Object.fromEntries(r.tasks.map((task) => [String(task.number), task.deadline_year])),
  }));

  for (const client of [reference, wage, blood, roads, lpg, equipment]) client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
