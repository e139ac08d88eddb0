// Command cityscore-contract calls one read RPC of every cityscore service with code generated
// by the stock protoc-gen-go and protoc-gen-go-grpc from protos/, and prints one JSON object per
// call on standard output. It is the example other systems can start from, and CI runs it against
// a real server (tests/contract/test_stock_clients.py).
//
//	cityscore-contract -target 127.0.0.1:50051 -token "$CITYSCORE_TOKEN"
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	bloodquotav1 "github.com/cityscore/cityscore/gen/go/cityscore/blood_quota/v1"
	commonv1 "github.com/cityscore/cityscore/gen/go/cityscore/common/v1"
	lpgregistryv1 "github.com/cityscore/cityscore/gen/go/cityscore/lpg_registry/v1"
	ruralroadsv1 "github.com/cityscore/cityscore/gen/go/cityscore/rural_roads/v1"
	specialequipmentv1 "github.com/cityscore/cityscore/gen/go/cityscore/special_equipment/v1"
	wageassessmentv1 "github.com/cityscore/cityscore/gen/go/cityscore/wage_assessment/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// report prints one call's outcome: its gRPC status code and what the caller read from it.
func report(rpc string, err error, fields map[string]interface{}) {
	line := map[string]interface{}{"rpc": rpc, "code": status.Code(err).String()}
	if err != nil {
		line["message"] = status.Convert(err).Message()
	}
	for key, value := range fields {
		line[key] = value
	}
	encoded, _ := json.Marshal(line)
	fmt.Println(string(encoded))
}

func main() {
	target := flag.String("target", "127.0.0.1:50051", "host:port of a cityscore server")
	token := flag.String("token", os.Getenv("CITYSCORE_TOKEN"), "bearer token (empty: none)")
	flag.Parse()

	// A plaintext channel, as to a loopback development server; use
	// grpc.WithTransportCredentials(credentials.NewClientTLSFromFile(...)) against production.
	conn, err := grpc.Dial(*target, grpc.WithInsecure(), grpc.WithBlock(),
		grpc.WithTimeout(30*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot reach", *target, ":", err)
		os.Exit(2)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if *token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)
	}

	reference := commonv1.NewReferenceServiceClient(conn)
	districts, err := reference.ListDistricts(ctx, &commonv1.ListDistrictsRequest{})
	codes := []string{}
	for _, district := range districts.GetDistricts() {
		codes = append(codes, district.GetCode())
	}
	report("cityscore.common.v1.ReferenceService/ListDistricts", err,
		map[string]interface{}{"codes": codes})

	who, err := reference.WhoAmI(ctx, &commonv1.WhoAmIRequest{})
	report("cityscore.common.v1.ReferenceService/WhoAmI", err, map[string]interface{}{
		"name": who.GetPrincipal().GetName(), "role": who.GetPrincipal().GetRole().String()})

	wage := wageassessmentv1.NewWageAssessmentServiceClient(conn)
	rules, err := wage.ListGradeRules(ctx, &wageassessmentv1.ListGradeRulesRequest{})
	titles := []string{}
	for _, rule := range rules.GetRules() {
		titles = append(titles, rule.GetTitle())
	}
	report("cityscore.wage_assessment.v1.WageAssessmentService/ListGradeRules", err,
		map[string]interface{}{"titles": titles})

	blood := bloodquotav1.NewBloodQuotaServiceClient(conn)
	allocations, err := blood.ListAllocations(ctx, &bloodquotav1.ListAllocationsRequest{Year: 2018})
	report("cityscore.blood_quota.v1.BloodQuotaService/ListAllocations", err,
		map[string]interface{}{"count": len(allocations.GetAllocations())})

	roads := ruralroadsv1.NewRuralRoadsServiceClient(conn)
	towns, err := roads.ListTowns(ctx, &ruralroadsv1.ListTownsRequest{
		District: "pudong", PageSize: 50, AsOf: &commonv1.Date{Year: 2019, Month: 3, Day: 1}})
	report("cityscore.rural_roads.v1.RuralRoadsService/ListTowns", err, map[string]interface{}{
		"count": len(towns.GetTowns()), "next_page_token": towns.GetNextPageToken()})

	lpg := lpgregistryv1.NewLpgRegistryServiceClient(conn)
	catalogue, err := lpg.GetSafetyCatalogue(ctx, &lpgregistryv1.GetSafetyCatalogueRequest{})
	sources := []string{}
	for _, item := range catalogue.GetItems() {
		sources = append(sources, item.GetSource())
	}
	report("cityscore.lpg_registry.v1.LpgRegistryService/GetSafetyCatalogue", err,
		map[string]interface{}{"count": len(catalogue.GetItems()), "sources": sources})

	equipment := specialequipmentv1.NewSpecialEquipmentServiceClient(conn)
	tasks, err := equipment.ListAnnexTasks(ctx, &specialequipmentv1.ListAnnexTasksRequest{})
	deadlines := map[string]int32{}
	for _, task := range tasks.GetTasks() {
		deadlines[fmt.Sprint(task.GetNumber())] = task.GetDeadlineYear()
	}
	report("cityscore.special_equipment.v1.SpecialEquipmentService/ListAnnexTasks", err,
		map[string]interface{}{"count": len(tasks.GetTasks()), "deadlines": deadlines})
}
